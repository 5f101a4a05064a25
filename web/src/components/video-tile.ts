import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { emit } from "./events.js";

/**
 * @summary One video: local (mirrored, muted) or remote.
 * @fires fc-first-frame - the first frame of a new stream was shown (remote only)
 * @csspart video - the video element
 */
@customElement("fc-video-tile")
export class VideoTile extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      background: #000;
      border-radius: 0.75rem;
      overflow: hidden;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
      display: block;
    }
    :host([local]) video {
      transform: scaleX(-1);
    }
    .label {
      position: absolute;
      left: 0.5rem;
      bottom: 0.5rem;
      background: rgb(0 0 0 / 0.55);
      padding: 0.15rem 0.5rem;
      border-radius: 0.4rem;
      font-size: 0.85rem;
    }
  `;

  @property({ attribute: false }) stream: MediaStream | null = null;
  @property({ type: Boolean, reflect: true }) local = false;
  @property() label = "";
  @query("video") private video!: HTMLVideoElement;

  protected override updated(changed: Map<string, unknown>): void {
    if (!changed.has("stream")) return;
    if (this.video.srcObject !== this.stream) this.video.srcObject = this.stream;
    if (this.stream && !this.local) this.watchFirstFrame(this.stream);
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
        .muted=${this.local}
        aria-label=${this.label}
      ></video>
      <span class="label" aria-hidden="true">${this.label}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-video-tile": VideoTile;
  }
}
