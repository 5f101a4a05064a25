import { cameraConstraints, describeFailure, deviceOf, microphoneConstraints, type MediaFailure } from "./devices.js";

/** Why some media is missing or changed (the UI says it in words: the string catalogue). */
export type MediaNotice =
  | { why: "unsupported" }
  | { why: MediaFailure; missing: "camera" | "microphone" | "both" }
  /** A device went away (unplugged, permission revoked): `fallback` says whether another took over. */
  | { why: "lost"; device: "camera" | "microphone"; fallback: boolean }
  /** A chosen device could not be started; the previous one stays. */
  | { why: "switch-failed"; device: "camera" | "microphone" };

export interface LocalMediaState {
  /** idle: nothing asked yet (no camera light); asking: the browser is asking or starting them. */
  phase: "idle" | "asking" | "ready";
  mic: MediaStreamTrack | null;
  /** The camera's track while it is on; null while it is off (the camera light goes out). */
  camera: MediaStreamTrack | null;
  micOn: boolean;
  cameraOn: boolean;
  /** Whether a microphone / camera can be used at all (found and allowed). */
  hasMic: boolean;
  hasCamera: boolean;
  notice: MediaNotice | null;
  /** The device in use, or chosen for when the camera goes on again. */
  cameraId: string | null;
  micId: string | null;
}

export const IDLE_MEDIA: LocalMediaState = {
  phase: "idle",
  mic: null,
  camera: null,
  micOn: true,
  cameraOn: true,
  hasMic: false,
  hasCamera: false,
  notice: null,
  cameraId: null,
  micId: null,
};

const ask = (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c);

/**
 * The camera and microphone of this page, without any UI: asks for both (falling back to
 * whichever is allowed), turns them on and off (the camera is stopped while off), switches
 * devices (the new track first, then the old one stops), and replaces a track that ended by
 * itself with another device. Every change is reported through `onChange`; a result that
 * arrives after `release()` is stopped at once, so the camera never stays on for a page that is gone.
 */
export class LocalMedia {
  state: LocalMediaState = IDLE_MEDIA;
  private generation = 0;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly onChange: (state: LocalMediaState) => void,
    /** What this device remembers choosing, and whether to start with each one on. */
    private readonly wanted: () => { cameraId: string | null; micId: string | null },
  ) {}

  /** Starts camera and microphone once; later calls share the same attempt. */
  start(): Promise<void> {
    this.starting ??= this.acquire();
    return this.starting;
  }

  /** After access was blocked and the person changed the browser's setting: ask again. */
  retry(): Promise<void> {
    // A device that could not start is wanted again; one the person turned off stays off.
    const { micOn, cameraOn, hasMic, hasCamera } = this.state;
    this.release();
    this.state = { ...this.state, micOn: micOn || !hasMic, cameraOn: cameraOn || !hasCamera };
    return this.start();
  }

  private async acquire(): Promise<void> {
    const generation = this.generation;
    if (!navigator.mediaDevices?.getUserMedia)
      return this.set({ ...IDLE_MEDIA, phase: "ready", notice: { why: "unsupported" } });
    this.set({ ...this.state, phase: "asking" });
    const { cameraId, micId } = this.wanted();
    const wantCamera = this.state.cameraOn;
    let stream: MediaStream;
    let failure: unknown = null;
    try {
      stream = await askBoth(micId, wantCamera ? cameraId : null, wantCamera);
    } catch (err) {
      failure = err;
      // Each alone: one may be blocked or missing while the other works.
      const audio = await ask({ audio: microphoneConstraints(null) }).catch(() => null);
      const video = wantCamera ? await ask({ video: cameraConstraints(null) }).catch(() => null) : null;
      stream = new MediaStream([...(audio?.getTracks() ?? []), ...(video?.getTracks() ?? [])]);
    }
    if (generation !== this.generation) return stopAll(stream);
    const mic = stream.getAudioTracks()[0] ?? null;
    const camera = stream.getVideoTracks()[0] ?? null;
    // A camera the person turned off beforehand is not started; turning it on asks then.
    const hasCamera = !!camera || !wantCamera;
    const missing = !mic && !hasCamera ? "both" : !mic ? "microphone" : !hasCamera ? "camera" : null;
    this.watch(mic, "microphone");
    this.watch(camera, "camera");
    if (mic) mic.enabled = this.state.micOn;
    this.set({
      phase: "ready",
      mic,
      camera,
      micOn: this.state.micOn && !!mic,
      cameraOn: wantCamera && !!camera,
      hasMic: !!mic,
      hasCamera,
      notice: missing ? { why: describeFailure(failure), missing } : null,
      cameraId: deviceOf(camera) ?? cameraId,
      micId: deviceOf(mic) ?? micId,
    });
  }

  setMicOn(on: boolean): void {
    const { mic } = this.state;
    if (mic) mic.enabled = on;
    this.set({ ...this.state, micOn: on && !!mic });
  }

  /** Off stops the camera (its light goes out); on starts the chosen one again. */
  async setCameraOn(on: boolean): Promise<void> {
    if (!on) {
      this.state.camera?.stop();
      return this.set({ ...this.state, camera: null, cameraOn: false });
    }
    if (this.state.phase === "idle") {
      this.state = { ...this.state, cameraOn: true };
      return this.start();
    }
    await this.openCamera(this.state.cameraId, "switch-failed");
  }

  /** Another camera; while the camera is off it is only remembered. */
  async useCamera(id: string): Promise<void> {
    if (!this.state.camera) return this.set({ ...this.state, cameraId: id });
    await this.openCamera(id, "switch-failed");
  }

  async useMicrophone(id: string): Promise<void> {
    const generation = this.generation;
    try {
      const mic = (await ask({ audio: microphoneConstraints(id) })).getAudioTracks()[0] ?? null;
      if (generation !== this.generation) return mic?.stop();
      if (!mic) return;
      retireLater(this.state.mic);
      mic.enabled = this.state.micOn;
      this.watch(mic, "microphone");
      this.set({ ...this.state, mic, hasMic: true, micId: deviceOf(mic) ?? id, notice: null });
    } catch {
      if (generation === this.generation)
        this.set({ ...this.state, notice: { why: "switch-failed", device: "microphone" } });
    }
  }

  private async openCamera(id: string | null, onFailure: "switch-failed" | "lost"): Promise<boolean> {
    const generation = this.generation;
    try {
      const camera = (await ask({ video: cameraConstraints(id) })).getVideoTracks()[0] ?? null;
      if (generation !== this.generation) {
        camera?.stop();
        return false;
      }
      if (!camera) return false;
      if (this.state.camera !== camera) retireLater(this.state.camera);
      this.watch(camera, "camera");
      const notice = onFailure === "lost" ? this.state.notice : null;
      this.set({ ...this.state, camera, cameraOn: true, hasCamera: true, cameraId: deviceOf(camera) ?? id, notice });
      return true;
    } catch {
      if (generation !== this.generation) return false;
      if (onFailure === "switch-failed")
        this.set({ ...this.state, notice: { why: "switch-failed", device: "camera" } });
      return false;
    }
  }

  /** A track that ends by itself (unplugged, permission revoked, the OS took it): use another device. */
  private watch(track: MediaStreamTrack | null, device: "camera" | "microphone"): void {
    if (!track) return;
    track.addEventListener("ended", () => void this.lost(track, device), { once: true });
  }

  private async lost(track: MediaStreamTrack, device: "camera" | "microphone"): Promise<void> {
    const current = device === "camera" ? this.state.camera : this.state.mic;
    if (current !== track) return; // stopped by us, or already replaced
    const generation = this.generation;
    if (device === "camera") {
      this.set({ ...this.state, camera: null, notice: { why: "lost", device, fallback: false } });
      const ok = await this.openCamera(null, "lost");
      if (generation === this.generation && ok)
        this.set({ ...this.state, notice: { why: "lost", device, fallback: true } });
      if (generation === this.generation && !ok) this.set({ ...this.state, cameraOn: false, hasCamera: false });
      return;
    }
    const mic = await ask({ audio: microphoneConstraints(null) })
      .then((s) => s.getAudioTracks()[0] ?? null)
      .catch(() => null);
    if (generation !== this.generation) return mic?.stop();
    if (mic) {
      mic.enabled = this.state.micOn;
      this.watch(mic, "microphone");
    }
    const notice: MediaNotice = { why: "lost", device, fallback: !!mic };
    this.set({ ...this.state, mic, hasMic: !!mic, micOn: this.state.micOn && !!mic, micId: deviceOf(mic), notice });
  }

  /** Stops every track, also of a request still pending: the camera light goes off. Idempotent. */
  release(): void {
    this.generation++;
    this.starting = null;
    this.state.mic?.stop();
    this.state.camera?.stop();
    this.set({ ...IDLE_MEDIA, micOn: this.state.micOn, cameraOn: this.state.cameraOn });
  }

  private set(state: LocalMediaState): void {
    this.state = state;
    this.onChange(state);
  }
}

/** Both at once (one prompt); a remembered device that is gone is replaced by the default one. */
async function askBoth(micId: string | null, cameraId: string | null, withCamera: boolean): Promise<MediaStream> {
  const constraints = (m: string | null, c: string | null): MediaStreamConstraints => ({
    audio: microphoneConstraints(m),
    video: withCamera ? cameraConstraints(c) : false,
  });
  try {
    return await ask(constraints(micId, cameraId));
  } catch (err) {
    if (describeFailure(err) !== "missing" || (!micId && !cameraId)) throw err;
    return ask(constraints(null, null));
  }
}

/**
 * Stops a track that another one replaced, a moment later: the page first hands the new track to
 * the connection (replaceTrack), so the other side never gets a sender whose track already ended.
 */
function retireLater(track: MediaStreamTrack | null): void {
  if (track) setTimeout(() => track.stop(), RETIRE_DELAY_MS);
}

const RETIRE_DELAY_MS = 1000;

function stopAll(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}
