import type { ReactiveController, ReactiveControllerHost } from "lit";

export interface ScreenShareState {
  /** The shared screen, window or tab while sharing; null otherwise. */
  track: MediaStreamTrack | null;
  /** For the own preview (shown unmirrored). */
  stream: MediaStream | null;
  /** Sharing could not start for another reason than the person cancelling the picker. */
  failed: boolean;
}

/**
 * Screen sharing for the host element: getDisplayMedia, with the track marked as detailed content
 * (text stays sharp: the encoder keeps resolution and lowers the frame rate instead). Sharing
 * ends from the app (`stop`) or from the browser's own "Stop sharing" bar (the track ends); either
 * way the state goes back to no track, and the page sends the camera again.
 */
export class ScreenShareController implements ReactiveController {
  /** Phones' browsers have no getDisplayMedia: the button is not shown there. */
  readonly supported = typeof navigator !== "undefined" && !!navigator.mediaDevices?.getDisplayMedia;
  state: ScreenShareState = { track: null, stream: null, failed: false };
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }

  get sharing(): boolean {
    return this.state.track !== null;
  }

  async start(): Promise<void> {
    if (!this.supported || this.sharing) return;
    const generation = ++this.generation;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    } catch (err) {
      // Cancelling the browser's picker is a choice, not a failure.
      const cancelled = err instanceof DOMException && err.name === "NotAllowedError";
      if (generation === this.generation) this.set({ track: null, stream: null, failed: !cancelled });
      return;
    }
    const track = stream.getVideoTracks()[0];
    if (generation !== this.generation || !track) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    track.contentHint = "detail";
    track.addEventListener("ended", () => this.stopped(track), { once: true });
    this.set({ track, stream, failed: false });
  }

  /** Stops sharing (the app's button); idempotent. */
  stop(): void {
    this.generation++;
    const track = this.state.track;
    track?.stop();
    if (track) this.stopped(track);
  }

  private stopped(track: MediaStreamTrack): void {
    if (this.state.track === track) this.set({ track: null, stream: null, failed: false });
  }

  private set(state: ScreenShareState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}
