import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { parseCallId, type ParticipantState } from "@firecall/model";
import { AttentionController } from "../controllers/attention-controller.js";
import { CallController } from "../controllers/call-controller.js";
import { ClockController } from "../controllers/clock-controller.js";
import { MediaController } from "../controllers/media-controller.js";
import { MicLevelController } from "../controllers/mic-level-controller.js";
import { NotificationController } from "../controllers/notification-controller.js";
import { QualityController } from "../controllers/quality-controller.js";
import { ScreenShareController } from "../controllers/screen-share-controller.js";
import { loadPreferences, savePreferences } from "../media/preferences.js";
import { callPageStyles } from "./call-page.styles.js";
import { emit, type ControlName } from "./events.js";
import * as S from "../strings/call.js";
import { buttonStyles } from "./theme.js";
import { callView, leftView, lobbyView, problemView } from "./call-view.js";
import { focusAfterChange, viewOf, type CallView } from "./phase-focus.js";
import { shortcutFor } from "./shortcuts.js";
import { toggleFullscreen, togglePictureInPicture } from "./window-modes.js";
import "./prejoin-view.js";

const RETRYABLE = new Set(["relay", "unreachable"]);
type Panel = "chat" | "settings" | "share" | null;

/**
 * @summary A call: the join screen, the lobby of a scheduled call, the stage with its control bar
 * and side panel (chat, settings, share link; a sheet on phones), and what follows a hang-up.
 * Actions go to the controllers; nothing here touches media or Firestore itself.
 * @fires fc-navigate - back to the start page
 */
@customElement("fc-call-page")
export class CallPage extends LitElement {
  static override styles = [buttonStyles, callPageStyles];

  /** What the person typed or followed: validated here, so a bad id never reaches Firestore. */
  @property() rawCallId = "";
  @property({ type: Boolean }) autoJoin = false;
  @state() private firstFrameAt: number | null = null;
  @state() private name = loadPreferences().displayName;
  /** The side panel the person chose; undefined until they choose (then it follows the screen). */
  @state() private panelChoice: Panel | undefined = undefined;
  @state() private prefs = loadPreferences();
  @state() private confirmingEnd = false;
  /** How many of their messages were seen with the chat open (the rest are unread). */
  @state() private seen = 0;

  private media = new MediaController(this, () => this.call.client?.peerConnection ?? null);
  private screen = new ScreenShareController(this);
  // The meter is on the join screen only: in the call it would re-render the page ten times a second.
  private level = new MicLevelController(this, () =>
    viewOf(this.call.state?.phase ?? "checking") === "call" ? null : this.media.state.mic,
  );
  private call: CallController = new CallController(this, {
    startMedia: () => this.media.start(),
    outgoing: () => ({ audio: this.media.state.mic, video: this.screen.state.track ?? this.media.state.camera }),
    participant: (): ParticipantState => ({
      displayName: this.name.trim() || this.call.state?.call?.ownAppName || null,
      micOn: this.media.state.micOn,
      cameraOn: this.media.state.cameraOn,
      screenSharing: this.screen.sharing,
    }),
  });
  private quality = new QualityController(this, () => this.call.client?.peerConnection ?? null);
  private clock = new ClockController(this);
  private notifications = new NotificationController(this, () => this.otherName);
  private attention = new AttentionController(this, {
    state: () => this.call.state,
    title: () => S.tabTitle(this.call.state, this.otherName, this.unread),
    soundsOn: () => this.prefs.soundsOn,
    notify: (event) => this.notifications.show(event),
  });
  private readonly onKey = (e: KeyboardEvent) => this.shortcut(e);
  private view: CallView = "prejoin";
  /** The side panel's default follows the window's width (a sheet on phones starts closed). */
  private readonly wide = matchMedia("(min-width: 60rem)");
  private readonly onWidth = () => this.requestUpdate();

  constructor() {
    super();
    // What the views inside ask for (their events bubble out of the shadow root to here).
    this.addEventListener("fc-control", (e) => this.act(e.detail.control));
    this.addEventListener("fc-device", (e) => this.onDevice(e.detail));
    this.addEventListener("fc-name", (e) => savePreferences({ displayName: (this.name = e.detail.name) }));
    this.addEventListener("fc-self-corner", (e) => (this.prefs = savePreferences({ selfViewCorner: e.detail.corner })));
    this.addEventListener("fc-send", (e) => (e.detail.sent = this.call.client?.sendChat(e.detail.text) ?? false));
    this.addEventListener("fc-first-frame", (e) => (this.firstFrameAt ??= e.detail.at));
  }

  private get callId(): string | null {
    const parsed = parseCallId(this.rawCallId);
    return parsed.ok ? parsed.id : null;
  }

  /** Their own name, else the name the integrating app gave them. */
  private get otherName(): string | null {
    const s = this.call.state;
    return s?.otherParticipant.displayName ?? s?.call?.otherAppName ?? null;
  }

  private get theirMessages(): number {
    return this.call.state?.messages.filter((m) => m.from === "them").length ?? 0;
  }

  private get unread(): number {
    return this.panel === "chat" ? 0 : Math.max(0, this.theirMessages - this.seen);
  }

  private get panel(): Panel {
    if (this.panelChoice !== undefined) return this.panelChoice;
    const s = this.call.state;
    if (s?.phase === "waiting" && s.other.presence !== "here") return "share";
    return this.wide.matches ? "chat" : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("keydown", this.onKey);
    this.wide.addEventListener("change", this.onWidth);
    // After the first update: the page is loaded lazily, and properties set before the element was
    // defined (the call id) are only in place once Lit has applied them.
    void this.updateComplete.then(() => this.start());
  }

  override disconnectedCallback(): void {
    window.removeEventListener("keydown", this.onKey);
    this.wide.removeEventListener("change", this.onWidth);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    const callId = this.callId;
    if (!callId || !this.isConnected) return;
    try {
      await this.call.open(callId, this.autoJoin);
    } catch (err) {
      console.warn("could not open the call:", err);
    }
  }

  private async rejoin(): Promise<void> {
    const callId = this.callId;
    if (!callId) return;
    this.firstFrameAt = null;
    await this.call.open(callId, true);
  }

  /** Meet's shortcuts, while the devices are on (joining or in the call). */
  private shortcut(e: KeyboardEvent): void {
    const control = this.media.state.phase === "ready" ? shortcutFor(e) : null;
    if (control) e.preventDefault();
    if (control) this.act(control);
  }

  private act(control: ControlName): void {
    const media = this.media;
    const actions: Record<ControlName, () => unknown> = {
      mic: () => media.toggleMic(),
      camera: () => media.toggleCamera(),
      share: () => (this.screen.sharing ? this.screen.stop() : this.screen.start()),
      chat: () => this.openPanel("chat"),
      settings: () => this.openPanel("settings"),
      "share-link": () => this.openPanel("share"),
      "hang-up": async () => {
        this.screen.stop();
        await this.call.hangUp();
        media.release();
      },
      "end-for-all": () => (this.confirmingEnd = true),
      "confirm-end": () => this.endForEveryone(),
      "cancel-end": () => (this.confirmingEnd = false),
      "cancel-call": () => this.call.endForEveryone(),
      rejoin: () => this.rejoin(),
      home: () => emit(this, "fc-navigate", { path: "/" }),
      join: () => this.call.join(),
      "retry-media": () => media.retry(),
      "check-camera": () => media.start(),
      "flip-camera": () => media.flipCamera(),
      "self-view": () => (this.prefs = savePreferences({ selfViewHidden: !this.prefs.selfViewHidden })),
      sounds: () => (this.prefs = savePreferences({ soundsOn: !this.prefs.soundsOn })),
      notifications: () => this.notifications.toggle(),
      fullscreen: () => toggleFullscreen(),
      pip: () => togglePictureInPicture(this.renderRoot),
    };
    void Promise.resolve()
      .then(actions[control])
      .catch((err: unknown) => console.warn(`${control}:`, err));
  }

  private openPanel(panel: Exclude<Panel, null>): void {
    this.panelChoice = this.panel === panel ? null : panel;
    if (this.panelChoice === "chat") this.seen = this.theirMessages;
  }

  private async endForEveryone(): Promise<void> {
    this.confirmingEnd = false;
    this.screen.stop();
    await this.call.endForEveryone();
  }

  protected override updated(): void {
    // Exposed for styling and for tests that wait on an observable state.
    const state = this.call.state;
    const phase = this.callId ? (state?.phase ?? "checking") : "error";
    this.dataset.phase = phase;
    this.dataset.other = state?.other.presence ?? "absent";
    this.dataset.network = state?.network.online === false ? "offline" : "online";
    this.dataset.panel = this.panel ?? "none";
    // The call is over (ended by its host, expired): camera and screen share go off at once.
    if (phase === "ended" || phase === "error" || phase === "left") {
      if (this.media.state.phase !== "idle") this.media.release();
      if (this.screen.sharing) this.screen.stop();
    }
    if (this.panel === "chat" && this.seen !== this.theirMessages) this.seen = this.theirMessages;
    const view = viewOf(phase);
    if (view !== this.view) focusAfterChange(this.renderRoot, (this.view = view));
  }

  override render() {
    const callId = this.callId;
    if (!callId) return problemView(S.PROBLEM_MESSAGES.malformed, false);
    const state = this.call.state;
    const phase = state?.phase ?? "checking";
    if (phase === "error" || phase === "ended")
      return problemView(S.statusText(state), RETRYABLE.has(state?.problem ?? ""));
    const status = html`<p class="status" role="status" aria-live="polite">
      ${S.statusText(state, this.call.resuming, this.otherName ?? undefined)}
    </p>`;
    if (phase === "lobby") return this.renderLobby(callId, status);
    if (phase === "left") return leftView(status);
    if (viewOf(phase) !== "call") return html`<main class="page">${status} ${this.renderPrejoin(false)}</main>`;
    return this.renderCall(callId, status);
  }

  private renderPrejoin(checkOnly: boolean) {
    const s = this.call.state;
    const presence = s?.other.presence === "here" ? S.alreadyHere(this.otherName) : s ? S.JOIN_STRINGS.nobodyHere : "";
    return html`<fc-prejoin
      .media=${this.media.state}
      .level=${this.level.level}
      .name=${this.name}
      .presence=${checkOnly ? "" : presence}
      ?canJoin=${s?.phase === "ready"}
      ?checkOnly=${checkOnly}
    ></fc-prejoin>`;
  }

  private onDevice({ kind, id }: { kind: "camera" | "microphone" | "speaker"; id: string }): void {
    if (kind === "speaker") return this.media.useSpeaker(id);
    void (kind === "camera" ? this.media.useCamera(id) : this.media.useMicrophone(id));
  }

  private renderLobby(callId: string, status: unknown) {
    const state = this.call.state!;
    return lobbyView(callId, state.call!, state.serverOffsetMs, status, [
      this.renderPrejoin(true),
      this.renderActionError(),
    ]);
  }

  private renderCall(callId: string, status: unknown) {
    const state = this.call.state!;
    return callView({
      callId,
      status,
      state,
      media: this.media.state,
      quality: state.phase === "connected" || state.phase === "reconnecting" ? this.quality.quality : null,
      screen: this.screen,
      panel: this.panel,
      names: { me: this.name.trim() || S.TILE_STRINGS.you, them: this.otherName ?? S.TILE_STRINGS.them },
      otherName: this.otherName,
      selfHidden: this.prefs.selfViewHidden,
      selfCorner: this.prefs.selfViewCorner,
      soundsOn: this.prefs.soundsOn,
      notifications: this.notifications.setting,
      unread: this.unread,
      confirmingEnd: this.confirmingEnd,
      firstFrameAt: this.firstFrameAt,
      actionError: this.renderActionError(),
      connection: this.call.client?.peerConnection ?? null,
      remoteUid: this.call.client?.remoteUid ?? null,
    });
  }

  private renderActionError() {
    const error = this.call.state?.actionError;
    return error ? html`<p role="alert">${S.ACTION_ERRORS[error]}</p>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-call-page": CallPage;
  }
}
