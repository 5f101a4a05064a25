import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { styleMap } from "lit/directives/style-map.js";
import type { CallState } from "../call/call-state.js";
import type { MediaState } from "../controllers/media-controller.js";
import type { Corner } from "../media/preferences.js";
import { otherStateText, presenting, TILE_STRINGS, YOU_ARE_PRESENTING } from "../strings/call.js";
import { emit } from "./events.js";
import { cornerAfterKey, cornerAt } from "./self-view-corner.js";
import "./video-tile.js";

/** What the stage shows of us. */
export interface SelfView {
  name: string;
  media: MediaState;
  /** The shared screen while presenting (shown unmirrored instead of the camera). */
  screen: MediaStream | null;
  hidden: boolean;
  corner: Corner;
}

/**
 * @summary The stage: the other person fills it (letterboxed, never cropped, portrait works),
 * with their name, a mark while their microphone is off and their initials while their camera is
 * off; our own video small in a corner (hideable in the settings), moved to another corner by
 * dragging it or with the arrow keys.
 * @fires fc-first-frame - the other person's first video frame was shown
 * @fires fc-self-corner - the self view was moved to another corner
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
      margin: 0.75rem;
      touch-action: none;
      cursor: grab;
      width: clamp(6rem, 22%, 15rem);
      aspect-ratio: 4 / 3;
      box-shadow: 0 0.25rem 1rem rgb(0 0 0 / 0.6);
      border: 1px solid rgb(255 255 255 / 0.25);
    }
    .self[data-corner^="top"] {
      top: 0;
    }
    .self[data-corner^="bottom"] {
      bottom: 0;
    }
    .self[data-corner$="left"] {
      left: 0;
    }
    .self[data-corner$="right"] {
      right: 0;
    }
    .self:focus-visible {
      outline: 3px solid var(--fc-focus, #facc15);
      outline-offset: 2px;
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
  /** While the self view is dragged: the pointer and how far it moved. */
  @state() private drag: { pointer: number; x: number; y: number; dx: number; dy: number } | null = null;

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drag = { pointer: e.pointerId, x: e.clientX, y: e.clientY, dx: 0, dy: 0 };
  }

  private onPointerMove(e: PointerEvent): void {
    const d = this.drag;
    if (d?.pointer === e.pointerId) this.drag = { ...d, dx: e.clientX - d.x, dy: e.clientY - d.y };
  }

  /** Dropped: it goes to the corner of the quadrant its middle is in. */
  private onPointerUp(e: PointerEvent): void {
    if (this.drag?.pointer !== e.pointerId) return;
    const tile = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const stage = this.getBoundingClientRect();
    this.drag = null;
    if (e.type === "pointercancel") return;
    const x = tile.left + tile.width / 2 - stage.left;
    const y = tile.top + tile.height / 2 - stage.top;
    this.moveTo(cornerAt(x, y, stage.width, stage.height));
  }

  private onKeyDown(e: KeyboardEvent): void {
    const next = cornerAfterKey(this.self.corner, e.key);
    if (!next) return;
    e.preventDefault();
    this.moveTo(next);
  }

  private moveTo(corner: Corner): void {
    if (corner !== this.self.corner) emit(this, "fc-self-corner", { corner });
  }

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
              data-corner=${self.corner}
              tabindex="0"
              role="group"
              aria-label=${TILE_STRINGS.selfView}
              aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown"
              style=${styleMap(this.drag ? { transform: `translate(${this.drag.dx}px, ${this.drag.dy}px)` } : {})}
              @pointerdown=${this.onPointerDown}
              @pointermove=${this.onPointerMove}
              @pointerup=${this.onPointerUp}
              @pointercancel=${this.onPointerUp}
              @keydown=${this.onKeyDown}
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
