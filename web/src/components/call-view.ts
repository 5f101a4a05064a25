import { html, nothing } from "lit";
import type { CallInfo, CallState } from "../call/call-state.js";
import type { ConnectionQuality } from "../call/connection-stats.js";
import type { MediaState } from "../controllers/media-controller.js";
import type { NotificationSetting } from "../controllers/notification-controller.js";
import type { Corner } from "../media/preferences.js";
import type { ScreenShareController } from "../controllers/screen-share-controller.js";
import type { ControlName } from "./events.js";
import * as S from "../strings/call.js";
import "./call-settings.js";
import "./chat-panel.js";
import "./connection-quality.js";
import "./control-bar.js";
import "./lobby-countdown.js";
import "./security-code-panel.js";
import "./share-box.js";
import "./stage-view.js";

/** Everything the in-call layout shows; its views' events bubble to the call page. */
export interface CallViewModel {
  callId: string;
  status: unknown;
  state: CallState;
  media: MediaState;
  quality: ConnectionQuality | null;
  screen: ScreenShareController;
  panel: "chat" | "settings" | "share" | null;
  names: { me: string; them: string };
  otherName: string | null;
  selfHidden: boolean;
  selfCorner: Corner;
  soundsOn: boolean;
  notifications: NotificationSetting;
  unread: number;
  confirmingEnd: boolean;
  firstFrameAt: number | null;
  actionError: unknown;
  /** For the security code: the call's connection and the other browser's user id. */
  connection: RTCPeerConnection | null;
  remoteUid: string | null;
}

/** The call's layout: status line, stage with side panel (or sheet), and the control bar. */
export function callView(v: CallViewModel) {
  const { state, media, panel } = v;
  const away = S.awayText(state, Date.now());
  return html`<header class="top">
      ${v.status} ${away ? html`<p class="away" data-role="away">${away}</p>` : nothing}
      ${v.quality ? html`<fc-connection-quality .quality=${v.quality}></fc-connection-quality>` : nothing}
      ${media.notice ? html`<p class="notice" role="alert">${S.mediaNoticeText(media.notice)}</p>` : nothing}
      ${v.screen.state.failed ? html`<p class="notice" role="alert">${S.CONTROL_STRINGS.shareFailed}</p>` : nothing}
      ${v.actionError}
    </header>
    <div class="main">
      <fc-stage
        .state=${state}
        .otherName=${v.otherName}
        .self=${{ name: v.names.me, media, screen: v.screen.state.stream, hidden: v.selfHidden, corner: v.selfCorner }}
        .firstFrameAt=${v.firstFrameAt}
      ></fc-stage>
      <aside
        class="panel"
        data-panel=${panel ?? nothing}
        ?hidden=${panel === null}
        aria-label=${panel ? S.PANEL_LABELS[panel] : nothing}
      >
        <fc-chat-panel
          ?hidden=${panel !== "chat"}
          .messages=${state.messages}
          .names=${v.names}
          ?open=${state.chatOpen}
        ></fc-chat-panel>
        ${
          panel === "settings"
            ? html`<fc-call-settings
                .media=${media}
                ?selfHidden=${v.selfHidden}
                ?soundsOn=${v.soundsOn}
                .notifications=${v.notifications}
              ></fc-call-settings>`
            : nothing
        }
        ${
          panel === "share"
            ? html`<fc-share-box callId=${v.callId} .callTitle=${state.call?.title ?? null}></fc-share-box>`
            : nothing
        }
        <!-- Always there in the call: it follows the connection and warns when a known code changes. -->
        <fc-security-code .connection=${v.connection} .remoteUid=${v.remoteUid}></fc-security-code>
      </aside>
    </div>
    <footer class="bar">
      <fc-control-bar
        ?micOn=${media.micOn}
        ?cameraOn=${media.cameraOn}
        ?hasMic=${media.hasMic}
        ?hasCamera=${media.hasCamera}
        ?sharing=${v.screen.sharing}
        ?canShare=${v.screen.supported}
        ?chatVisible=${panel === "chat"}
        ?settingsOpen=${panel === "settings"}
        .unread=${v.unread}
        ?isHost=${state.call?.isCreator ?? false}
      ></fc-control-bar>
      ${v.confirmingEnd ? confirmEnd() : nothing}
    </footer>`;
}

const press = (control: ControlName) => (e: Event) =>
  e.target?.dispatchEvent(new CustomEvent("fc-control", { detail: { control }, bubbles: true, composed: true }));

/** A scheduled call before its start: the countdown, a device check, the link; the host may cancel it. */
export function lobbyView(callId: string, call: CallInfo, serverOffsetMs: number, status: unknown, rest: unknown) {
  return html`<main class="page">
    ${status}
    <fc-lobby-countdown
      .startsAtMs=${call.startsAtMs}
      .serverOffsetMs=${serverOffsetMs}
      .callTitle=${call.title}
    ></fc-lobby-countdown>
    ${
      call.isCreator
        ? html`<div class="row">
            <button class="danger" @click=${press("cancel-call")}>${S.PAGE_STRINGS.cancelCall}</button>
          </div>`
        : nothing
    }
    ${rest}
    <fc-share-box callId=${callId} .startsAtMs=${call.startsAtMs} .callTitle=${call.title}></fc-share-box>
  </main>`;
}

function confirmEnd() {
  const s = S.CONTROL_STRINGS;
  return html`<div class="confirm" role="alertdialog" aria-label=${s.endForAll}>
    <p>${s.confirmEnd}</p>
    <button class="danger" @click=${press("confirm-end")}>${s.confirmEndYes}</button>
    <button class="secondary" @click=${press("cancel-end")}>${s.cancel}</button>
  </div>`;
}

/** After hanging up: join again, or go back to the start. */
export function leftView(status: unknown) {
  return html`<main class="page">
    ${status}
    <div class="row">
      <button @click=${press("rejoin")}>${S.PAGE_STRINGS.rejoin}</button>
      <button class="secondary" @click=${press("home")}>${S.PAGE_STRINGS.home}</button>
    </div>
  </main>`;
}

/** The call cannot go on (ended, not found, full…): why, and what can be done. */
export function problemView(message: string, retry: boolean) {
  return html`<main class="page">
    <p role="alert">${message}</p>
    <div class="row">
      ${retry ? html`<button @click=${press("rejoin")}>${S.PAGE_STRINGS.tryAgain}</button>` : nothing}
      <button class="secondary" @click=${press("home")}>${S.PAGE_STRINGS.home}</button>
    </div>
  </main>`;
}
