import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { ConnectionQuality } from "../call/connection-stats.js";
import { QUALITY_STRINGS as S } from "../strings/panels.js";

/**
 * @summary A one-line connection-quality indicator: route (relay or direct), round-trip time,
 * packet loss and outgoing bitrate.
 * @csspart dot - the coloured level dot
 * @cssproperty --fc-quality-good / --fc-quality-fair / --fc-quality-poor - the dot's colours
 */
@customElement("fc-connection-quality")
export class ConnectionQualityElement extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      font-size: 0.85rem;
      opacity: 0.85;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: #9ca3af;
    }
    :host([data-level="good"]) .dot {
      background: var(--fc-quality-good, #4ade80);
    }
    :host([data-level="fair"]) .dot {
      background: var(--fc-quality-fair, #facc15);
    }
    :host([data-level="poor"]) .dot {
      background: var(--fc-quality-poor, #f87171);
    }
  `;

  @property({ attribute: false }) quality: ConnectionQuality | null = null;

  protected override updated(): void {
    // Exposed for styling and for tests.
    this.dataset.level = this.quality?.level ?? "unknown";
    this.dataset.route = this.quality?.route ?? "";
  }

  override render() {
    const q = this.quality;
    if (!q) return nothing;
    const parts = [
      q.route === "relay" ? S.relay : q.route === "direct" ? S.direct : S.unknownRoute,
      q.rttMs !== null ? S.rtt(q.rttMs) : null,
      q.lossPercent !== null ? S.loss(q.lossPercent) : null,
      q.outgoingKbps !== null ? S.outgoing(q.outgoingKbps) : null,
    ].filter((p) => p !== null);
    return html`<span class="dot" part="dot" aria-hidden="true"></span>
      <span role="note" aria-label=${S.label}>${parts.join(" · ")}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-connection-quality": ConnectionQualityElement;
  }
}
