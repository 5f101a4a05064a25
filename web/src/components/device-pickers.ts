import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { DeviceKind, DeviceLists, DeviceOption } from "../media/devices.js";
import { emit } from "./events.js";
import { DEVICE_STRINGS } from "../strings/call.js";
import { buttonStyles } from "./theme.js";

/**
 * @summary Camera, microphone and (where the browser can choose) speaker pickers, used on the
 * join screen and in the call's settings. Lists come from `enumerateDevices`.
 * @fires fc-device - a device was chosen
 */
@customElement("fc-device-pickers")
export class DevicePickers extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        gap: 0.5rem;
      }
      label {
        display: grid;
        gap: 0.2rem;
        font-size: 0.9rem;
      }
      select {
        width: 100%;
      }
    `,
  ];

  @property({ attribute: false }) devices: DeviceLists = { cameras: [], microphones: [], speakers: [] };
  @property({ attribute: false }) cameraId: string | null = null;
  @property({ attribute: false }) micId: string | null = null;
  @property({ attribute: false }) speakerId: string | null = null;
  @property({ type: Boolean }) canChooseSpeaker = false;

  private picker(kind: DeviceKind, options: DeviceOption[], selected: string | null) {
    if (options.length === 0) return nothing;
    const strings = DEVICE_STRINGS[kind];
    return html`<label
      >${strings.label}
      <select
        data-kind=${kind}
        @change=${(e: Event) => emit(this, "fc-device", { kind, id: (e.target as HTMLSelectElement).value })}
      >
        ${options.map(
          (o, i) =>
            html`<option value=${o.id} ?selected=${o.id === selected}>${o.label || strings.numbered(i + 1)}</option>`,
        )}
      </select></label
    >`;
  }

  override render() {
    const { cameras, microphones, speakers } = this.devices;
    return html`${this.picker("camera", cameras, this.cameraId)} ${this.picker("microphone", microphones, this.micId)}
    ${this.canChooseSpeaker ? this.picker("speaker", speakers, this.speakerId) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-device-pickers": DevicePickers;
  }
}
