import { cameraConstraints, describeFailure, deviceOf, microphoneConstraints } from "./devices.js";
import { noticeAfterLoss, noticeAfterRecovery, type MediaDevice, type MediaNotice } from "./media-notice.js";
import { ask, askBoth, openDevice, retireLater, stopAll } from "./tracks.js";

export type { MediaNotice } from "./media-notice.js";

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

  /** Off mutes the track; on after the microphone went away asks for it again. */
  async setMicOn(on: boolean): Promise<void> {
    const { mic } = this.state;
    if (on && !mic && this.state.phase === "ready" && this.state.hasMic) return this.reopenMic();
    if (mic) mic.enabled = on;
    this.set({ ...this.state, micOn: on && !!mic });
  }

  /** Off stops the camera (its light goes out); on starts the chosen one again (or any, if it is gone). */
  async setCameraOn(on: boolean): Promise<void> {
    if (!on) {
      this.state.camera?.stop();
      return this.set({ ...this.state, camera: null, cameraOn: false });
    }
    if (this.state.phase === "idle") {
      this.state = { ...this.state, cameraOn: true };
      return this.start();
    }
    await this.openCamera(this.state.cameraId, {
      orAny: true,
      failure: (err) => ({ why: describeFailure(err), missing: "camera" }),
    });
  }

  /** Another camera; while the camera is off it is only remembered. */
  async useCamera(id: string): Promise<void> {
    if (!this.state.camera) return this.set({ ...this.state, cameraId: id });
    await this.openCamera(id, { orAny: false, failure: () => ({ why: "switch-failed", device: "camera" }) });
  }

  /**
   * `stalled` (still the camera in use) sends no frames: camera `id` takes its place, and the
   * page says `notice`. False when it could not be started or the person moved on meanwhile.
   */
  async replaceStalledCamera(stalled: MediaStreamTrack, id: string, notice: MediaNotice): Promise<boolean> {
    if (this.state.camera !== stalled) return false;
    return this.openCamera(id, { orAny: false, failure: () => null, success: () => notice });
  }

  async useMicrophone(id: string): Promise<void> {
    const generation = this.generation;
    try {
      const mic = await openDevice("audio", id, false);
      if (generation !== this.generation) return mic.stop();
      retireLater(this.state.mic);
      this.adoptMic(mic, this.state.micOn);
    } catch {
      if (generation === this.generation)
        this.set({ ...this.state, notice: { why: "switch-failed", device: "microphone" } });
    }
  }

  /** The microphone went away (permission revoked, unplugged) and the person turns it on again. */
  private async reopenMic(): Promise<void> {
    const generation = this.generation;
    try {
      const mic = await openDevice("audio", this.state.micId, true);
      if (generation !== this.generation) return mic.stop();
      this.adoptMic(mic, true);
    } catch (err) {
      if (generation === this.generation)
        this.set({ ...this.state, micOn: false, notice: { why: describeFailure(err), missing: "microphone" } });
    }
  }

  private adoptMic(mic: MediaStreamTrack, on: boolean): void {
    mic.enabled = on;
    this.watch(mic, "microphone");
    const notice = noticeAfterRecovery(this.state.notice, "microphone");
    this.set({ ...this.state, mic, micOn: on, hasMic: true, micId: deviceOf(mic) ?? this.state.micId, notice });
  }

  /**
   * Starts camera `id` and sends it in place of the current one. `failure` says what the page
   * says when it cannot start; `success` what it says then (by default: no more notice about the camera).
   */
  private async openCamera(
    id: string | null,
    how: {
      orAny: boolean;
      failure: (err: unknown) => MediaNotice | null;
      success?: (current: MediaNotice | null) => MediaNotice | null;
    },
  ): Promise<boolean> {
    const generation = this.generation;
    let camera: MediaStreamTrack;
    try {
      camera = await openDevice("video", id, how.orAny);
    } catch (err) {
      const notice = generation === this.generation ? how.failure(err) : null;
      if (notice) this.set({ ...this.state, notice });
      return false;
    }
    if (generation !== this.generation) {
      camera.stop();
      return false;
    }
    retireLater(this.state.camera);
    this.watch(camera, "camera");
    const notice = (how.success ?? ((n) => noticeAfterRecovery(n, "camera")))(this.state.notice);
    this.set({ ...this.state, camera, cameraOn: true, hasCamera: true, cameraId: deviceOf(camera) ?? id, notice });
    return true;
  }

  /** A track that ends by itself (unplugged, permission revoked, the OS took it): use another device. */
  private watch(track: MediaStreamTrack | null, device: MediaDevice): void {
    if (!track) return;
    track.addEventListener("ended", () => void this.lost(track, device), { once: true });
  }

  /**
   * With no other device the button stays usable (`hasCamera`/`hasMic` stay true): pressing it
   * asks again, for when access comes back. Both lost at once (access revoked) make one notice.
   */
  private async lost(track: MediaStreamTrack, device: MediaDevice): Promise<void> {
    const current = device === "camera" ? this.state.camera : this.state.mic;
    if (current !== track) return; // stopped by us, or already replaced
    const generation = this.generation;
    if (device === "camera") {
      this.set({ ...this.state, camera: null });
      const ok = await this.openCamera(null, {
        orAny: true,
        failure: () => null,
        success: (n) => noticeAfterLoss(n, "camera", true),
      });
      if (generation === this.generation && !ok)
        this.set({ ...this.state, cameraOn: false, notice: noticeAfterLoss(this.state.notice, "camera", false) });
      return;
    }
    const mic = await openDevice("audio", null, true).catch(() => null);
    if (generation !== this.generation) return mic?.stop();
    if (mic) {
      mic.enabled = this.state.micOn;
      this.watch(mic, "microphone");
    }
    const notice = noticeAfterLoss(this.state.notice, "microphone", !!mic);
    const micId = deviceOf(mic) ?? this.state.micId;
    this.set({ ...this.state, mic, micOn: this.state.micOn && !!mic, micId, notice });
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
