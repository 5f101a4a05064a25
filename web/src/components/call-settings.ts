import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import type { MediaState } from "../controllers/media-controller.js";
import type { NotificationSetting } from "../controllers/notification-controller.js";
import { emit, type ControlName } from "./events.js";
import { CONTROL_STRINGS } from "../strings/call.js";
import { buttonStyles } from "./theme.js";
import "./device-pickers.js";

/**
 * @summary The call's settings panel: devices (switched during the call without renegotiating),
 * switch camera, hide the self view, join/leave sounds, full screen, picture in picture.
 * @fires fc-device - a device was chosen
 * @fires fc-control - a setting was toggled or an action pressed
 */
@customElement("fc-call-settings")
export class CallSettings extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
        align-content: start;
      }
      label.check {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .hint {
        margin: 0;
        font-size: 0.85rem;
        color: var(--fc-muted, #cbd5e1);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
    `,
  ];

  @property({ attribute: false }) media!: MediaState;
  @property({ type: Boolean }) selfHidden = false;
  @property({ type: Boolean }) soundsOn = true;
  @property({ attribute: false }) notifications: NotificationSetting = {
    supported: false,
    on: false,
    blocked: false,
    asking: false,
  };

  private control(control: ControlName) {
    return () => emit(this, "fc-control", { control });
  }

  /** Asking the browser's permission happens on this click only; a refusal leaves it unchecked. */
  private renderNotifications() {
    const n = this.notifications;
    if (!n.supported) return nothing;
    return html`<label class="check"
        ><input
          type="checkbox"
          .checked=${live(n.on)}
          ?disabled=${n.blocked}
          aria-describedby=${n.blocked ? "notify-blocked" : nothing}
          @change=${this.control("notifications")}
        />${CONTROL_STRINGS.notify}</label
      >${n.blocked ? html`<p class="hint" id="notify-blocked">${CONTROL_STRINGS.notifyBlocked}</p>` : nothing}
      ${n.asking ? html`<p class="hint" role="status">${CONTROL_STRINGS.notifyAsking}</p>` : nothing}`;
  }

  override render() {
    const m = this.media;
    const s = CONTROL_STRINGS;
    const canPip = "pictureInPictureEnabled" in document && document.pictureInPictureEnabled;
    return html`<fc-device-pickers
        .devices=${m.devices}
        .cameraId=${m.cameraId}
        .micId=${m.micId}
        .speakerId=${m.speakerId}
        ?canChooseSpeaker=${m.canChooseSpeaker}
      ></fc-device-pickers>
      <label class="check"
        ><input type="checkbox" .checked=${this.selfHidden} @change=${this.control("self-view")} />${s.hideSelf}</label
      >
      <label class="check"
        ><input type="checkbox" .checked=${this.soundsOn} @change=${this.control("sounds")} />${s.sounds}</label
      >
      ${this.renderNotifications()}
      <div class="row">
        ${
          m.devices.cameras.length > 1 && m.cameraOn
            ? html`<button class="secondary" @click=${this.control("flip-camera")}>${s.flipCamera}</button>`
            : nothing
        }
        ${
          document.fullscreenEnabled
            ? html`<button class="secondary" @click=${this.control("fullscreen")}>${s.fullscreen}</button>`
            : nothing
        }
        ${canPip ? html`<button class="secondary" @click=${this.control("pip")}>${s.pip}</button>` : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-call-settings": CallSettings;
  }
}
