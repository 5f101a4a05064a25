import { css } from "lit";

/** Shared look: colours come from CSS custom properties so an embedding page can theme them. */
export const buttonStyles = css`
  button,
  a.button {
    font: inherit;
    text-decoration: none;
    display: inline-block;
    border: none;
    border-radius: 999px;
    padding: 0.6rem 1.1rem;
    cursor: pointer;
    background: var(--fc-accent, #2563eb);
    color: var(--fc-on-accent, #fff);
  }
  button.secondary,
  a.button.secondary {
    background: var(--fc-surface-2, #2a3038);
    color: inherit;
  }
  button.danger {
    background: var(--fc-danger, #dc2626);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  a.button:focus-visible {
    outline: 3px solid var(--fc-focus, #facc15);
    outline-offset: 2px;
  }
  input,
  select {
    font: inherit;
    padding: 0.55rem 0.8rem;
    border-radius: 0.5rem;
    border: 1px solid var(--fc-border, #3c4450);
    background: var(--fc-surface, #1a1f25);
    color: inherit;
    min-width: 0;
  }
`;
