import { css } from "lit";

export const securityCodeStyles = css`
  :host {
    display: block;
    background: var(--fc-surface, #1a1f25);
    border-radius: 0.75rem;
    padding: 0.75rem 1rem;
  }
  h2 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  p {
    margin: 0.5rem 0;
  }
  /* Three groups a line wherever it sits: the side panel is narrower than the window (a media
     query on the window made it six and pushed the whole panel wider than its column). */
  .code {
    display: grid;
    grid-template-columns: repeat(3, max-content);
    gap: 0.25rem 1rem;
    font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
    font-size: 1.5rem;
    letter-spacing: 0.08em;
    font-variant-numeric: tabular-nums;
  }
  .quiet {
    opacity: 0.75;
    font-size: 0.9rem;
  }
  .verified {
    color: var(--fc-success, #86efac);
  }
  .danger-box {
    border: 2px solid var(--fc-danger, #dc2626);
    background: color-mix(in srgb, var(--fc-danger, #dc2626) 18%, transparent);
    border-radius: 0.5rem;
    padding: 0.25rem 0.75rem;
    margin: 0.5rem 0;
  }
  form {
    display: grid;
    gap: 0.5rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  input {
    max-width: 22rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button.small {
    padding: 0.35rem 0.8rem;
    font-size: 0.85rem;
  }
`;
