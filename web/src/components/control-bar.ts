import {
  mdiCamera,
  mdiCameraOff,
  mdiCogOutline,
  mdiMessageTextOutline,
  mdiMicrophone,
  mdiMicrophoneOff,
  mdiMonitorShare,
  mdiPhoneHangup,
  mdiShareVariant,
} from "@mdi/js";
import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { emit, type ControlName } from "./events.js";
import { CONTROL_STRINGS } from "../strings/call.js";
import { buttonStyles } from "./theme.js";

/**
 * @summary The call's controls, always on screen: microphone, camera, screen share, chat (with
 * an unread badge), share link, settings, hang up, and for the host "End call for everyone".
 * Toggles keep their label and say their state with `aria-pressed`.
 * @fires fc-control - a control was pressed
 */
@customElement("fc-control-bar")
export class ControlBar extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: flex;
        gap: 0.5rem;
        justify-content: center;
        align-items: center;
        flex-wrap: wrap;
      }
      button {
        display: inline-flex;
        align-items: center;
        gap: 0.35rem;
        position: relative;
        padding: 0.6rem 0.8rem;
      }
      button[aria-pressed="false"].toggle {
        background: var(--fc-danger, #dc2626);
        color: #fff;
      }
      svg {
        width: 1.4rem;
        height: 1.4rem;
        fill: currentColor;
      }
      .badge {
        position: absolute;
        top: -0.3rem;
        right: -0.3rem;
        min-width: 1.2rem;
        border-radius: 999px;
        background: #b91c1c;
        color: #fff;
        font-size: 0.75rem;
        padding: 0 0.25rem;
      }
      .text {
        font-size: 0.9rem;
      }
      @media (max-width: 40rem) {
        .text.optional {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip-path: inset(50%);
        }
        :host {
          gap: 0.35rem;
        }
      }
    `,
  ];

  @property({ type: Boolean }) micOn = false;
  @property({ type: Boolean }) cameraOn = false;
  @property({ type: Boolean }) hasMic = false;
  @property({ type: Boolean }) hasCamera = false;
  @property({ type: Boolean }) sharing = false;
  @property({ type: Boolean }) canShare = false;
  @property({ type: Boolean }) chatVisible = false;
  @property({ type: Number }) unread = 0;
  @property({ type: Boolean }) isHost = false;
  @property({ type: Boolean }) settingsOpen = false;

  private button(control: ControlName, icon: string, label: string, extra: Partial<ButtonExtra> = {}) {
    return html`<button
      class=${extra.className ?? "secondary"}
      data-control=${control}
      aria-label=${label}
      aria-pressed=${extra.pressed === undefined ? nothing : String(extra.pressed)}
      ?disabled=${extra.disabled ?? false}
      title=${extra.shortcut ? `${label} (${extra.shortcut})` : label}
      @click=${() => emit(this, "fc-control", { control })}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d=${icon}></path></svg
      ><span class="text optional" aria-hidden="true">${label}</span>${extra.badge ?? nothing}
    </button>`;
  }

  override render() {
    const s = CONTROL_STRINGS;
    const mod = navigator.platform.startsWith("Mac") ? "⌘" : "Ctrl";
    const badge = this.unread > 0 ? html`<span class="badge" aria-hidden="true">${this.unread}</span>` : nothing;
    return html`${this.button("mic", this.micOn ? mdiMicrophone : mdiMicrophoneOff, s.mic, {
      pressed: this.micOn,
      disabled: !this.hasMic,
      className: "secondary toggle",
      shortcut: `${mod}+D`,
    })}
    ${this.button("camera", this.cameraOn ? mdiCamera : mdiCameraOff, s.camera, {
      pressed: this.cameraOn,
      disabled: !this.hasCamera,
      className: "secondary toggle",
      shortcut: `${mod}+E`,
    })}
    ${this.canShare ? this.button("share", mdiMonitorShare, s.share, { pressed: this.sharing }) : nothing}
    ${this.button("chat", mdiMessageTextOutline, s.chat, {
      pressed: this.chatVisible,
      badge,
    })}
    ${this.button("share-link", mdiShareVariant, s.shareLink)}
    ${this.button("settings", mdiCogOutline, s.settings, { pressed: this.settingsOpen })}
    ${this.button("hang-up", mdiPhoneHangup, s.hangUp, { className: "danger" })}
    ${
      this.isHost
        ? html`<button
            class="danger"
            data-control="end-for-all"
            @click=${() => emit(this, "fc-control", { control: "end-for-all" })}
          >
            ${s.endForAll}
          </button>`
        : nothing
    }`;
  }
}

interface ButtonExtra {
  pressed: boolean;
  disabled: boolean;
  className: string;
  shortcut: string;
  badge: unknown;
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-control-bar": ControlBar;
  }
}
