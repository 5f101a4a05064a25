import type { ReactiveController, ReactiveControllerHost } from "lit";

/** Why some media is missing (the UI says it in words: components/strings.ts). */
export type MediaNotice =
  { why: "unsupported" } | { why: "denied" | "missing" | "busy" | "other"; missing: "camera" | "microphone" | "both" };

export interface MediaState {
  stream: MediaStream | null;
  micOn: boolean;
  cameraOn: boolean;
  hasMic: boolean;
  hasCamera: boolean;
  /** Why some media is missing; null when all is well. */
  notice: MediaNotice | null;
  ready: boolean;
}

const CONSTRAINTS: MediaStreamConstraints = {
  audio: { echoCancellation: true, noiseSuppression: true },
  video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } },
};

function describeFailure(err: unknown): "denied" | "missing" | "busy" | "other" {
  const name = err instanceof DOMException ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
  if (name === "NotReadableError" || name === "AbortError") return "busy";
  return "other";
}

/**
 * Camera and microphone for the host element: asks for both, falls back to whichever is allowed,
 * and in the worst case lets the person join to watch and listen only, saying why.
 * Tracks stop when the host disconnects, including those of a request still pending then: the
 * camera never stays on for a page that is gone.
 */
export class MediaController implements ReactiveController {
  state: MediaState = {
    stream: null,
    micOn: false,
    cameraOn: false,
    hasMic: false,
    hasCamera: false,
    notice: null,
    ready: false,
  };
  private acquiring: Promise<MediaStream | null> | null = null;
  /** Increases with every release: a request started before it is stale when it completes. */
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.release();
  }

  /** Acquires media once; later calls share the same result. */
  acquire(): Promise<MediaStream | null> {
    this.acquiring ??= this.tryAcquire();
    return this.acquiring;
  }

  private async tryAcquire(): Promise<MediaStream | null> {
    const generation = this.generation;
    if (!navigator.mediaDevices?.getUserMedia) return this.done(generation, null, { why: "unsupported" });
    const ask = (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c);
    try {
      return this.done(generation, await ask(CONSTRAINTS), null);
    } catch (first) {
      // Try each device alone: one may be blocked or missing while the other works.
      const audio = await ask({ audio: CONSTRAINTS.audio }).catch(() => null);
      const video =
        audio || generation !== this.generation ? null : await ask({ video: CONSTRAINTS.video }).catch(() => null);
      const missing = audio ? "camera" : video ? "microphone" : "both";
      return this.done(generation, audio ?? video, { why: describeFailure(first), missing });
    }
  }

  private done(generation: number, stream: MediaStream | null, notice: MediaNotice | null): MediaStream | null {
    if (generation !== this.generation) {
      // Released while the browser was still asking: stop what arrived late.
      stream?.getTracks().forEach((t) => t.stop());
      return null;
    }
    const hasMic = !!stream?.getAudioTracks().length;
    const hasCamera = !!stream?.getVideoTracks().length;
    this.state = { stream, micOn: hasMic, cameraOn: hasCamera, hasMic, hasCamera, notice, ready: true };
    this.host.requestUpdate();
    return stream;
  }

  toggleMic(): void {
    const on = !this.state.micOn;
    this.state.stream?.getAudioTracks().forEach((t) => (t.enabled = on));
    this.state = { ...this.state, micOn: on && this.state.hasMic };
    this.host.requestUpdate();
  }

  toggleCamera(): void {
    const on = !this.state.cameraOn;
    this.state.stream?.getVideoTracks().forEach((t) => (t.enabled = on));
    this.state = { ...this.state, cameraOn: on && this.state.hasCamera };
    this.host.requestUpdate();
  }

  /** Stops every track, also of a request still pending: the camera light goes off. Idempotent. */
  release(): void {
    this.generation++;
    this.state.stream?.getTracks().forEach((t) => t.stop());
    this.state = { ...this.state, stream: null, micOn: false, cameraOn: false };
    this.acquiring = null;
  }
}
