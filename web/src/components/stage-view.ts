import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { CallState } from "../call/call-state.js";
import type { MediaState } from "../controllers/media-controller.js";
import { otherStateText, presenting, TILE_STRINGS, YOU_ARE_PRESENTING } from "../strings/call.js";
import "./video-tile.js";

/** What the stage shows of us. */
export interface SelfView {
  name: string;
  media: MediaState;
  /** The shared screen while presenting (shown unmirrored instead of the camera). */
  screen: MediaStream | null;
  hidden: boolean;
}

/**
 * @summary The stage: the other person fills it (letterboxed, never cropped, portrait works),
 * with their name, a mark while their microphone is off and their initials while their camera is
 * off; our own video small in a corner (hideable in the settings).
 * @fires fc-first-frame - the other person's first video frame was shown
 */
@customElement("fc-stage")
export class Stage extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      min-height: 0;
      min-width: 0;
    }
    .remote {
      position: absolute;
      inset: 0;
    }
    .self {
      position: absolute;
      right: 0.75rem;
      bottom: 0.75rem;
      width: clamp(6rem, 22%, 15rem);
      aspect-ratio: 4 / 3;
      box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.6);
      border: 1px solid rgb(255 255 255 / 0.25);
    }
    .banner {
      position: absolute;
      top: 0.75rem;
      left: 50%;
      transform: translateX(-50%);
      background: rgb(0 0 0 / 0.7);
      color: #fff;
      padding: 0.25rem 0.75rem;
      border-radius: 0.5rem;
      max-width: 90%;
    }
    .announce {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    @media (max-width: 40rem) {
      .self {
        width: 28%;
        aspect-ratio: 3 / 4;
      }
    }
  `;

  @property({ attribute: false }) state: CallState | null = null;
  /** The other person's name (theirs, or the one the app gave); null when unknown. */
  @property({ attribute: false }) otherName: string | null = null;
  @property({ attribute: false }) self!: SelfView;
  @property({ attribute: false }) firstFrameAt: number | null = null;

  override render() {
    const state = this.state;
    const other = state?.otherParticipant;
    const here = state?.other.presence === "here";
    const stream = here ? (state?.remoteStream ?? null) : null;
    const showsVideo = !!stream && !!other && (other.cameraOn || other.screenSharing);
    const self = this.self;
    const selfStream = self.screen ?? self.media.stream;
    // Said to screen readers when it changes: the other person muted, turned the camera off, presents.
    const announcement = here && other ? otherStateText(this.otherName, other) : "";
    return html`<p class="announce" role="status" data-role="other-state">${announcement}</p>
      <fc-video-tile
        class="remote"
        label=${here ? (this.otherName ?? TILE_STRINGS.them) : ""}
        ?mic-off=${here && other?.micOn === false}
        ?camera-off=${here && !showsVideo}
        .stream=${stream}
        .sinkId=${self.media.speakerId}
        data-first-frame-at=${this.firstFrameAt ?? nothing}
      ></fc-video-tile>
      ${
        here && other?.screenSharing
          ? html`<p class="banner" data-role="presenting">${presenting(this.otherName)}</p>`
          : self.screen
            ? html`<p class="banner">${YOU_ARE_PRESENTING}</p>`
            : nothing
      }
      ${
        self.hidden
          ? nothing
          : html`<fc-video-tile
              class="self"
              local
              cover
              ?mirrored=${!self.screen}
              label=${TILE_STRINGS.you}
              ?mic-off=${!self.media.micOn}
              ?camera-off=${!selfStream}
              .stream=${selfStream}
            ></fc-video-tile>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-stage": Stage;
  }
}
