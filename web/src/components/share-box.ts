import { LitElement, css, html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { buildIcs } from "@firecall/model";
import { SHARE_STRINGS } from "../strings/call.js";
import { SHARE_BOX_STRINGS as B } from "../strings/home.js";
import { buttonStyles } from "./theme.js";
import "./qr-code.js";

/**
 * @summary The call id and link to give the other person: copy, the system's share sheet where the
 * browser has one, a QR code for a phone, and for a call with a start time an "Add to calendar" file.
 */
@customElement("fc-share-box")
export class ShareBox extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
        background: var(--fc-surface, #1a1f25);
        border-radius: 0.75rem;
        padding: 0.75rem 1rem;
      }
      code {
        font-size: 1.1rem;
        letter-spacing: 0.05em;
      }
      .row {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      input {
        flex: 1;
      }
    `,
  ];

  @property() callId = "";
  /** The start of a scheduled call; null for a call that is on now (no calendar file). */
  @property({ attribute: false }) startsAtMs: number | null = null;
  @property({ attribute: false }) callTitle: string | null = null;
  @state() private copied: "idle" | "copied" | "failed" = "idle";

  get link(): string {
    return `${location.origin}/c/${this.callId}`;
  }

  /** An RFC 5545 file as a data: URL, so it downloads without any server. */
  private get calendarHref(): string {
    const ics = buildIcs({
      id: this.callId,
      title: this.callTitle,
      startsAtMs: this.startsAtMs ?? Date.now(),
      joinUrl: this.link,
      stampMs: Date.now(),
    });
    return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link);
      this.copied = "copied";
    } catch {
      // Clipboard access can be refused: select the text so the person can copy it by hand.
      this.renderRoot.querySelector("input")?.select();
      this.copied = "failed";
    }
  }

  private async share(): Promise<void> {
    try {
      await navigator.share({ title: this.callTitle ?? SHARE_STRINGS.title, url: this.link });
    } catch {
      // Closing the share sheet is a choice; the link stays here to copy.
    }
  }

  override render() {
    return html`<p>${B.callId} <code data-role="call-id">${this.callId}</code></p>
      <div class="row">
        <input
          aria-label=${B.linkLabel}
          readonly
          .value=${this.link}
          @focus=${(e: Event) => (e.target as HTMLInputElement).select()}
        />
        <button class="secondary" @click=${this.copy}>${B.copy}</button>
        ${
          "share" in navigator
            ? html`<button class="secondary" @click=${this.share}>${SHARE_STRINGS.share}</button>`
            : ""
        }
        ${
          this.startsAtMs === null
            ? ""
            : html`<a class="button secondary" download="call-${this.callId}.ics" href=${this.calendarHref}
                >${B.addToCalendar}</a
              >`
        }
      </div>
      <details>
        <summary>${SHARE_STRINGS.qrSummary}</summary>
        <fc-qr-code .value=${this.link} label=${SHARE_STRINGS.qrLabel}></fc-qr-code>
      </details>
      <p role="status">${this.copied === "copied" ? B.copied : this.copied === "failed" ? B.copyByHand : ""}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-share-box": ShareBox;
  }
}
