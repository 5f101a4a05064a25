import { mdiCamera, mdiCameraOff, mdiMicrophone, mdiMicrophoneOff } from "@mdi/js";
import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { LIMITS } from "@firecall/model";
import type { MediaState } from "../controllers/media-controller.js";
import { emit, type ControlName } from "./events.js";
import { CONTROL_STRINGS, JOIN_STRINGS, mediaNoticeText, TILE_STRINGS, UNBLOCK_HELP } from "../strings/call.js";
import { buttonStyles } from "./theme.js";
import "./device-pickers.js";
import "./video-tile.js";

/**
 * @summary The join screen: own preview, microphone and camera toggles, device pickers, a live
 * microphone meter, the name the other person will see, and who is already here. Also the
 * lobby's "Check your camera" (then without the Join button).
 * @fires fc-control - join, a toggle, or try the devices again
 * @fires fc-device - a device was chosen
 * @fires fc-name - the name field changed
 */
@customElement("fc-prejoin")
export class PrejoinView extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
        gap: 1.5rem;
        align-items: start;
      }
      @media (max-width: 48rem) {
        :host {
          grid-template-columns: 1fr;
        }
      }
      .preview {
        position: relative;
      }
      fc-video-tile {
        aspect-ratio: 4 / 3;
      }
      .toggles {
        position: absolute;
        bottom: 0.75rem;
        left: 50%;
        transform: translateX(-50%);
        display: flex;
        gap: 0.75rem;
      }
      .toggles button {
        padding: 0.7rem;
        display: grid;
      }
      .toggles button[aria-pressed="false"] {
        background: var(--fc-danger, #dc2626);
      }
      svg {
        width: 1.5rem;
        height: 1.5rem;
        fill: currentColor;
      }
      .side {
        display: grid;
        gap: 0.75rem;
      }
      h2 {
        margin: 0;
      }
      label.name {
        display: grid;
        gap: 0.2rem;
      }
      meter {
        width: 100%;
        height: 0.6rem;
      }
      .hint {
        color: var(--fc-warning, #fde68a);
      }
    `,
  ];

  @property({ attribute: false }) media!: MediaState;
  @property({ type: Number }) level = 0;
  @property() name = "";
  /** "Sam is already here", or "Nobody is here yet"; empty when not known. */
  @property() presence = "";
  @property({ type: Boolean }) canJoin = false;
  /** The lobby: only checking devices, no joining yet. */
  @property({ type: Boolean }) checkOnly = false;

  private control(control: ControlName) {
    return () => emit(this, "fc-control", { control });
  }

  private renderNotice() {
    const m = this.media;
    if (m.prompting) return html`<p class="hint" data-role="prompt-hint">${JOIN_STRINGS.prompting}</p>`;
    if (m.phase === "asking") return html`<p>${JOIN_STRINGS.starting}</p>`;
    if (!m.notice) return nothing;
    const blocked = "missing" in m.notice && m.notice.why === "denied";
    return html`<p class="hint" role="alert">${mediaNoticeText(m.notice)}</p>
      ${
        blocked
          ? html`<p>${UNBLOCK_HELP}</p>
              <button class="secondary" @click=${this.control("retry-media")}>${JOIN_STRINGS.tryAgain}</button>`
          : nothing
      }`;
  }

  override render() {
    const m = this.media;
    const idle = m.phase === "idle";
    return html`<div class="preview">
        <fc-video-tile
          local
          mirrored
          cover
          label=${this.name || TILE_STRINGS.you}
          ?camera-off=${!m.stream}
          .stream=${m.stream}
        ></fc-video-tile>
        ${
          idle
            ? nothing
            : html`<div class="toggles">
                <button
                  class="secondary"
                  aria-label=${CONTROL_STRINGS.mic}
                  aria-pressed=${String(m.micOn)}
                  ?disabled=${!m.hasMic}
                  @click=${this.control("mic")}
                >
                  <svg viewBox="0 0 24 24" aria-hidden="true">
                    <path d=${m.micOn ? mdiMicrophone : mdiMicrophoneOff}></path>
                  </svg>
                </button>
                <button
                  class="secondary"
                  aria-label=${CONTROL_STRINGS.camera}
                  aria-pressed=${String(m.cameraOn)}
                  ?disabled=${!m.hasCamera}
                  @click=${this.control("camera")}
                >
                  <svg viewBox="0 0 24 24" aria-hidden="true">
                    <path d=${m.cameraOn ? mdiCamera : mdiCameraOff}></path>
                  </svg>
                </button>
              </div>`
        }
      </div>
      <div class="side">
        ${this.checkOnly ? nothing : html`<h2>${JOIN_STRINGS.heading}</h2>`}
        ${this.presence ? html`<p data-role="who-is-here">${this.presence}</p>` : nothing} ${this.renderNotice()}
        ${
          idle
            ? html`<button class="secondary" @click=${this.control("check-camera")}>
                ${JOIN_STRINGS.checkCamera}
              </button>`
            : html`<label
                  >${JOIN_STRINGS.micLevel}
                  <meter data-role="mic-level" min="0" max="1" .value=${m.micOn ? this.level : 0}></meter
                ></label>
                <fc-device-pickers
                  .devices=${m.devices}
                  .cameraId=${m.cameraId}
                  .micId=${m.micId}
                  .speakerId=${m.speakerId}
                  ?canChooseSpeaker=${m.canChooseSpeaker}
                ></fc-device-pickers>`
        }
        <label class="name"
          >${JOIN_STRINGS.nameLabel}
          <input
            name="display-name"
            autocomplete="name"
            maxlength=${LIMITS.displayNameMaxLength}
            placeholder=${JOIN_STRINGS.namePlaceholder}
            .value=${this.name}
            @input=${(e: Event) => emit(this, "fc-name", { name: (e.target as HTMLInputElement).value })}
        /></label>
        ${
          this.checkOnly
            ? nothing
            : html`<button ?disabled=${!this.canJoin} @click=${this.control("join")}>${JOIN_STRINGS.join}</button>`
        }
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-prejoin": PrejoinView;
  }
}
