import { css } from "lit";

/**
 * The call page's layout. In the call the page is the whole window: a status line, the stage
 * (the other person's video fills it) with a side panel beside it on wide screens or a sheet over
 * it on phones, and a control bar that never scrolls away.
 */
export const callPageStyles = css`
  :host {
    display: block;
    color-scheme: dark;
  }
  .page {
    display: grid;
    gap: 1rem;
    padding: 1rem;
    max-width: 72rem;
    margin: 0 auto;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  .status {
    font-size: 1.05rem;
    margin: 0;
  }
  [role="alert"] {
    color: var(--fc-error, #fca5a5);
  }
  .notice {
    color: var(--fc-warning, #fde68a);
  }
  :host([data-phase="waiting"]),
  :host([data-phase="connecting"]),
  :host([data-phase="connected"]),
  :host([data-phase="reconnecting"]) {
    position: fixed;
    inset: 0;
    display: grid;
    grid-template-rows: auto minmax(0, 1fr) auto;
    background: var(--fc-background, #101418);
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 1rem;
    padding: 0.4rem 0.75rem;
    min-height: 2rem;
  }
  .top p {
    margin: 0;
  }
  .away {
    opacity: 0.85;
  }
  .main {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    min-height: 0;
    position: relative;
    padding: 0 0.5rem;
    gap: 0.5rem;
  }
  fc-stage {
    height: 100%;
  }
  .panel {
    width: 22rem;
    display: grid;
    /* Its content fits the panel's width, never the other way round. */
    grid-template-columns: minmax(0, 1fr);
    align-content: start;
    gap: 0.75rem;
    min-height: 0;
    overflow: auto;
    background: var(--fc-surface, #1a1f25);
    border-radius: 0.75rem;
    padding: 0.75rem;
  }
  /* The chat log takes the height the security code leaves; settings and share scroll as a whole. */
  .panel[data-panel="chat"] {
    grid-template-rows: minmax(12rem, 1fr) auto;
    align-content: stretch;
  }
  .panel[hidden],
  [hidden] {
    display: none;
  }
  fc-chat-panel {
    min-height: 0;
  }
  .bar {
    padding: 0.5rem;
    display: grid;
    gap: 0.5rem;
    justify-items: center;
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    background: var(--fc-surface, #1a1f25);
    padding: 0.5rem 0.75rem;
    border-radius: 0.75rem;
  }
  .confirm p {
    margin: 0;
  }
  @media (max-width: 60rem) {
    .main {
      grid-template-columns: minmax(0, 1fr);
      padding: 0;
    }
    /* A sheet over the stage, from the bottom. */
    .panel {
      position: absolute;
      inset: auto 0 0 0;
      width: auto;
      max-height: 65%;
      border-radius: 1rem 1rem 0 0;
      box-shadow: 0 -0.5rem 1.5rem rgb(0 0 0 / 0.6);
      z-index: 1;
    }
  }
  @media (prefers-reduced-motion: no-preference) {
    .panel {
      transition: opacity 0.15s;
    }
  }
`;
