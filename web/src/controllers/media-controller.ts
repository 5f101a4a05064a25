import type { ReactiveController, ReactiveControllerHost } from "lit";

export interface MediaState {
  stream: MediaStream | null;
  micOn: boolean;
  cameraOn: boolean;
  hasMic: boolean;
  hasCamera: boolean;
  /** Why some media is missing, in words for the person; null when all is well. */
  notice: string | null;
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
 * Tracks stop when the host disconnects.
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
    if (!navigator.mediaDevices?.getUserMedia) {
      return this.done(
        null,
        "This browser cannot use a camera or microphone here; you can still see and hear the other person.",
      );
    }
    try {
      return this.done(await navigator.mediaDevices.getUserMedia(CONSTRAINTS), null);
    } catch (first) {
      // Try each device alone: one may be blocked or missing while the other works.
      const audio = await navigator.mediaDevices.getUserMedia({ audio: CONSTRAINTS.audio }).catch(() => null);
      const video = audio
        ? null
        : await navigator.mediaDevices.getUserMedia({ video: CONSTRAINTS.video }).catch(() => null);
      const stream = audio ?? video;
      const why = describeFailure(first);
      const missing = audio ? "camera" : video ? "microphone" : "camera and microphone";
      const reason =
        why === "denied"
          ? `Access to your ${missing} was blocked`
          : why === "missing"
            ? `No ${missing} was found`
            : why === "busy"
              ? `Your ${missing} is in use by another application`
              : `Your ${missing} could not be started`;
      const consequence = stream
        ? audio
          ? "The other person will hear you but not see you."
          : "The other person will see you but not hear you."
        : "You can still join to see and hear the other person.";
      return this.done(stream, `${reason}. ${consequence}`);
    }
  }

  private done(stream: MediaStream | null, notice: string | null): MediaStream | null {
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

  /** Stops every track: the camera light goes off. Idempotent. */
  release(): void {
    this.state.stream?.getTracks().forEach((t) => t.stop());
    this.state = { ...this.state, stream: null, micOn: false, cameraOn: false };
    this.acquiring = null;
  }
}
