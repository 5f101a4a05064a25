import { mdiMicrophoneOff } from "@mdi/js";
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { emit } from "./events.js";
import { initials, TILE_STRINGS } from "../strings/call.js";

/**
 * @summary One person's video: letterboxed (never cropped) unless `cover`, mirrored only for the
 * own camera, with the person's name, a mark while their microphone is off, and their initials
 * instead of a black frame while their camera is off. The video element stays while the camera
 * is off: it still plays the person's sound.
 * @fires fc-first-frame - the first frame of a new stream was shown (remote only)
 * @csspart video - the video element
 * @cssproperty --fc-tile-background - behind the letterbox
 */
@customElement("fc-video-tile")
export class VideoTile extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      background: var(--fc-tile-background, #000);
      border-radius: 0.75rem;
      overflow: hidden;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: contain;
      display: block;
    }
    :host([cover]) video {
      object-fit: cover;
    }
    :host([mirrored]) video {
      transform: scaleX(-1);
    }
    .avatar {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      background: var(--fc-surface, #1a1f25);
    }
    .avatar span {
      display: grid;
      place-items: center;
      width: min(8rem, 40%);
      aspect-ratio: 1;
      border-radius: 50%;
      background: #4338ca;
      color: #fff;
      font-size: clamp(1rem, 6vmin, 3rem);
    }
    .label {
      position: absolute;
      left: 0.5rem;
      bottom: 0.5rem;
      display: flex;
      gap: 0.3rem;
      align-items: center;
      background: rgb(0 0 0 / 0.7);
      color: #fff;
      padding: 0.15rem 0.5rem;
      border-radius: 0.4rem;
      font-size: 0.85rem;
      max-width: calc(100% - 1rem);
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    svg {
      width: 1rem;
      height: 1rem;
      fill: #fca5a5;
      flex: none;
    }
    button.sound {
      position: absolute;
      top: 0.5rem;
      left: 50%;
      transform: translateX(-50%);
      font: inherit;
      border: none;
      border-radius: 999px;
      padding: 0.5rem 1rem;
      background: #2563eb;
      color: #fff;
      cursor: pointer;
    }
  `;

  @property({ attribute: false }) stream: MediaStream | null = null;
  /** Our own video: muted (no echo of ourselves). */
  @property({ type: Boolean, reflect: true }) local = false;
  @property({ type: Boolean, reflect: true }) mirrored = false;
  @property({ type: Boolean, reflect: true }) cover = false;
  /** The person's name as shown on the tile. */
  @property() label = "";
  @property({ type: Boolean, reflect: true, attribute: "mic-off" }) micOff = false;
  @property({ type: Boolean, reflect: true, attribute: "camera-off" }) cameraOff = false;
  @property({ attribute: false }) sinkId: string | null = null;
  /** The browser refused to play sound without a click: the tile offers a button. */
  @state() private soundBlocked = false;
  @query("video") private video!: HTMLVideoElement;

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has("sinkId") && this.sinkId && "setSinkId" in this.video) {
      this.video.setSinkId(this.sinkId).catch((err: unknown) => console.warn("could not choose the speaker:", err));
    }
    if (!changed.has("stream")) return;
    if (this.video.srcObject !== this.stream) this.video.srcObject = this.stream;
    if (!this.stream) return;
    // Once media has arrived: a stream without tracks yet is silent, and the browser would let it
    // play without a click, hiding that it will refuse the sound that comes with the tracks.
    if (this.video.readyState >= HTMLMediaElement.HAVE_METADATA) void this.play();
    else this.video.addEventListener("loadedmetadata", () => void this.play(), { once: true });
    if (!this.local) this.watchFirstFrame(this.stream);
  }

  private async play(): Promise<void> {
    try {
      await this.video.play();
      this.soundBlocked = false;
    } catch (err) {
      // Autoplay with sound needs a gesture: play muted now, and offer the sound behind a click.
      if (!(err instanceof DOMException && err.name === "NotAllowedError") || this.local) return;
      this.video.muted = true;
      this.soundBlocked = true;
      await this.video.play().catch(() => {});
    }
  }

  private turnSoundOn(): void {
    this.video.muted = false;
    this.soundBlocked = false;
    void this.video.play().catch(() => (this.soundBlocked = true));
  }

  private watchFirstFrame(stream: MediaStream): void {
    const video = this.video;
    if (!("requestVideoFrameCallback" in video)) return;
    video.requestVideoFrameCallback(() => {
      if (this.stream === stream) emit(this, "fc-first-frame", { at: performance.now() });
    });
  }

  override render() {
    return html`<video
        part="video"
        data-role=${this.local ? "local" : "remote"}
        autoplay
        playsinline
        ?muted=${this.local}
        .muted=${this.local || this.soundBlocked}
        aria-label=${this.label}
      ></video>
      ${
        this.cameraOff
          ? html`<div class="avatar" data-role="avatar"><span aria-hidden="true">${initials(this.label)}</span></div>`
          : nothing
      }
      ${
        this.label || this.micOff
          ? html`<span class="label" data-role="name"
              >${
                this.micOff
                  ? html`<svg viewBox="0 0 24 24" role="img" aria-label=${TILE_STRINGS.micOff}>
                      <path d=${mdiMicrophoneOff}></path>
                    </svg>`
                  : nothing
              }${this.label}</span
            >`
          : nothing
      }
      ${
        this.soundBlocked
          ? html`<button class="sound" @click=${this.turnSoundOn}>${TILE_STRINGS.turnOnSound}</button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-video-tile": VideoTile;
  }
}
