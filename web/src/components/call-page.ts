import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { parseCallId } from "../../../functions/src/shared/call-id.js";
import { CallController } from "../controllers/call-controller.js";
import { ClockController } from "../controllers/clock-controller.js";
import { MediaController } from "../controllers/media-controller.js";
import { QualityController } from "../controllers/quality-controller.js";
import { emit } from "./events.js";
import { ACTION_ERRORS, awayText, mediaNoticeText, PROBLEM_MESSAGES, statusText } from "./strings.js";
import { buttonStyles } from "./theme.js";
import "./chat-panel.js";
import "./connection-quality.js";
import "./lobby-countdown.js";
import "./security-code-panel.js";
import "./share-box.js";
import "./video-tile.js";

const IN_CALL = new Set(["waiting", "connecting", "connected", "reconnecting"]);
/** Problems a second attempt can fix: the network may have changed. */
const RETRYABLE = new Set(["relay", "unreachable"]);

/**
 * @summary A call: pre-join preview, the two videos, controls, chat and the share box.
 * @fires fc-navigate - back to the start page
 */
@customElement("fc-call-page")
export class CallPage extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        gap: 1rem;
        padding: 1rem;
        max-width: 72rem;
        margin: 0 auto;
      }
      .stage {
        display: grid;
        grid-template-columns: 3fr 1fr;
        gap: 1rem;
        align-items: start;
      }
      @media (max-width: 48rem) {
        .stage {
          grid-template-columns: 1fr;
        }
      }
      .videos {
        display: grid;
        grid-template-columns: 2fr 1fr;
        gap: 0.75rem;
      }
      fc-video-tile {
        aspect-ratio: 4 / 3;
      }
      .controls {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .status {
        font-size: 1.1rem;
      }
      [role="alert"] {
        color: var(--fc-error, #fca5a5);
      }
      .notice {
        color: var(--fc-warning, #fde68a);
      }
      .away {
        margin-top: -0.75rem;
        opacity: 0.8;
      }
    `,
  ];

  /** What the person typed or followed: validated here, so a bad id never reaches Firestore. */
  @property() rawCallId = "";
  @property({ type: Boolean }) autoJoin = false;
  @state() private firstFrameAt: number | null = null;

  private media = new MediaController(this);
  private call = new CallController(this);
  private quality = new QualityController(this, () => this.call.client?.peerConnection ?? null);
  // Keeps "dropped 2 minutes ago" current.
  private clock = new ClockController(this);

  private get callId(): string | null {
    const parsed = parseCallId(this.rawCallId);
    return parsed.ok ? parsed.id : null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  private async start(): Promise<void> {
    const callId = this.callId;
    if (!callId) return;
    try {
      await this.call.open(callId, this.media.acquire(), this.autoJoin);
    } catch (err) {
      console.warn("could not open the call:", err);
    }
    const phase = this.call.state?.phase;
    if (phase === "error" || phase === "ended") this.media.release();
  }

  private async hangUp(): Promise<void> {
    await this.call.hangUp();
    this.media.release();
  }

  private async rejoin(): Promise<void> {
    const callId = this.callId;
    if (!callId) return;
    this.firstFrameAt = null;
    await this.call.open(callId, this.media.acquire(), true);
  }

  private home(): void {
    emit(this, "fc-navigate", { path: "/" });
  }

  protected override updated(): void {
    // Exposed for styling and for tests that wait on an observable state.
    const state = this.call.state;
    const phase = this.callId ? (state?.phase ?? "checking") : "error";
    this.dataset.phase = phase;
    this.dataset.other = state?.other.presence ?? "absent";
    this.dataset.network = state?.network.online === false ? "offline" : "online";
    // The call is over (ended by its host, expired): the camera goes off at once.
    if ((phase === "ended" || phase === "error") && this.media.state.stream) this.media.release();
  }

  override render() {
    const callId = this.callId;
    if (!callId) return this.renderProblem(PROBLEM_MESSAGES.malformed);
    const state = this.call.state;
    const phase = state?.phase ?? "checking";
    if (phase === "error" || phase === "ended") {
      return this.renderProblem(statusText(state), RETRYABLE.has(state?.problem ?? ""));
    }
    const away = awayText(state, Date.now());
    if (phase === "lobby") return this.renderLobby(callId);
    const media = this.media.state;
    const inCall = IN_CALL.has(phase);
    const showQuality = (phase === "connected" || phase === "reconnecting") && this.quality.quality;
    return html`<p class="status" role="status" aria-live="polite">${statusText(state, this.call.resuming)}</p>
      ${away ? html`<p class="away" data-role="away">${away}</p>` : nothing}
      ${showQuality ? html`<fc-connection-quality .quality=${this.quality.quality}></fc-connection-quality>` : nothing}
      ${media.notice ? html`<p class="notice" role="alert">${mediaNoticeText(media.notice)}</p>` : nothing}
      <div class="stage">
        <div>
          <div class="videos">
            <fc-video-tile
              label="Them"
              .stream=${state?.other.presence === "here" ? state.remoteStream : null}
              data-first-frame-at=${this.firstFrameAt ?? nothing}
              @fc-first-frame=${(e: CustomEvent<{ at: number }>) => (this.firstFrameAt ??= e.detail.at)}
            ></fc-video-tile>
            <fc-video-tile local label="You" .stream=${media.stream}></fc-video-tile>
          </div>
          <div class="controls">${this.renderControls(phase, inCall)}</div>
        </div>
        <fc-chat-panel
          .messages=${state?.messages ?? []}
          ?open=${state?.chatOpen ?? false}
          @fc-send=${(e: CustomEvent<{ text: string }>) => this.call.client?.sendChat(e.detail.text)}
        ></fc-chat-panel>
      </div>
      ${
        inCall
          ? html`<fc-security-code
              .connection=${this.call.client?.peerConnection ?? null}
              .remoteUid=${this.call.client?.remoteUid ?? null}
            ></fc-security-code>`
          : nothing
      }
      ${this.renderActionError()}
      <fc-share-box
        callId=${callId}
        .startsAtMs=${this.scheduledStart()}
        .callTitle=${state?.call?.title ?? null}
      ></fc-share-box>`;
  }

  /** A scheduled call's start while it is still ahead (for the calendar file); null otherwise. */
  private scheduledStart(): number | null {
    const call = this.call.state?.call;
    return call && call.startsAtMs > Date.now() - 60_000 && call.status === "scheduled" ? call.startsAtMs : null;
  }

  private renderLobby(callId: string) {
    const state = this.call.state!;
    const call = state.call!;
    return html`<p class="status" role="status" aria-live="polite">${statusText(state)}</p>
      <fc-lobby-countdown
        .startsAtMs=${call.startsAtMs}
        .serverOffsetMs=${state.serverOffsetMs}
        .callTitle=${call.title}
      ></fc-lobby-countdown>
      <div class="videos">
        <fc-video-tile local label="You" .stream=${this.media.state.stream}></fc-video-tile>
      </div>
      ${
        call.isCreator
          ? html`<div class="controls">
              <button class="danger" @click=${() => this.call.endForEveryone()}>Cancel this call</button>
            </div>`
          : nothing
      }
      ${this.renderActionError()}
      <fc-share-box callId=${callId} .startsAtMs=${call.startsAtMs} .callTitle=${call.title}></fc-share-box>`;
  }

  private renderActionError() {
    const error = this.call.state?.actionError;
    return error ? html`<p role="alert">${ACTION_ERRORS[error]}</p>` : nothing;
  }

  private renderControls(phase: string, inCall: boolean) {
    const media = this.media.state;
    if (phase === "ready") return html`<button @click=${() => this.call.join()}>Join</button>`;
    if (phase === "left") {
      return html`<button @click=${this.rejoin}>Rejoin</button>
        <button class="secondary" @click=${this.home}>Back to start</button>`;
    }
    if (!inCall) return nothing;
    return html`<button
        class="secondary"
        aria-pressed=${!media.micOn}
        ?disabled=${!media.hasMic}
        @click=${() => this.media.toggleMic()}
      >
        ${media.micOn ? "Turn microphone off" : "Turn microphone on"}
      </button>
      <button
        class="secondary"
        aria-pressed=${!media.cameraOn}
        ?disabled=${!media.hasCamera}
        @click=${() => this.media.toggleCamera()}
      >
        ${media.cameraOn ? "Turn camera off" : "Turn camera on"}
      </button>
      <button class="danger" @click=${this.hangUp}>Hang up</button>
      ${
        this.call.state?.call?.isCreator
          ? html`<button class="danger" @click=${() => this.call.endForEveryone()}>End call for everyone</button>`
          : nothing
      }`;
  }

  private renderProblem(message: string, retry = false) {
    return html`<p role="alert">${message}</p>
      ${retry ? html`<button @click=${this.rejoin}>Try again</button>` : nothing}
      <button class="secondary" @click=${this.home}>Back to start</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-call-page": CallPage;
  }
}
