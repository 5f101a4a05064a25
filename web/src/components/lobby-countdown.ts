import { LitElement, css, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { ClockController } from "../controllers/clock-controller.js";
import { countdown, localDateTime } from "../format/local-time.js";
import { SHARE_BOX_STRINGS as B } from "../strings/home.js";

/**
 * @summary When a scheduled call starts, in the person's own time zone, and a countdown to it
 * in server time (the device's clock may be wrong).
 */
@customElement("fc-lobby-countdown")
export class LobbyCountdown extends LitElement {
  static override styles = css`
    :host {
      display: block;
      background: var(--fc-surface, #1a1f25);
      border-radius: 0.75rem;
      padding: 1rem 1.25rem;
    }
    .remaining {
      font-size: 2rem;
      font-variant-numeric: tabular-nums;
    }
  `;

  @property({ type: Number }) startsAtMs = 0;
  /** Server clock minus this device's clock. */
  @property({ type: Number }) serverOffsetMs = 0;
  @property() callTitle: string | null = null;

  constructor() {
    super();
    new ClockController(this);
  }

  override render() {
    const remaining = this.startsAtMs - (Date.now() + this.serverOffsetMs);
    return html`${this.callTitle ? html`<h2>${this.callTitle}</h2>` : ""}
      <p>${B.startsOn(localDateTime(this.startsAtMs))}</p>
      <p>${B.startsIn} <span class="remaining" data-role="countdown" role="timer">${countdown(remaining)}</span></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-lobby-countdown": LobbyCountdown;
  }
}
