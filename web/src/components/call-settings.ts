import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { MediaState } from "../controllers/media-controller.js";
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

  private control(control: ControlName) {
    return () => emit(this, "fc-control", { control });
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
