import type { ReactiveController, ReactiveControllerHost } from "lit";
import { canChooseSpeaker, listDevices, NO_DEVICES, type DeviceLists } from "../media/devices.js";
import { CameraGuard } from "../media/camera-guard.js";
import { IDLE_MEDIA, LocalMedia, type LocalMediaState } from "../media/local-media.js";
import { loadPreferences, savePreferences } from "../media/preferences.js";

export type { MediaNotice } from "../media/local-media.js";

export interface MediaState extends LocalMediaState {
  /** The self view: the camera's video while it is on. */
  stream: MediaStream | null;
  devices: DeviceLists;
  /** Where sound plays (setSinkId); null: the system's default. */
  speakerId: string | null;
  canChooseSpeaker: boolean;
  /** The browser is showing its permission prompt (or about to): the page says where to look. */
  prompting: boolean;
}

/**
 * Camera, microphone and speaker for the host element. Nothing starts until `start()` (the call
 * page calls it once the call may be entered, or when the person asks to check their camera in
 * a lobby). Keeps the device lists current (`devicechange`), remembers choices on this device,
 * goes back to the previous camera when a new one sends the other person no frames, and stops
 * every track when the host goes away.
 */
export class MediaController implements ReactiveController {
  state: MediaState = {
    ...IDLE_MEDIA,
    stream: null,
    devices: NO_DEVICES,
    speakerId: loadPreferences().speakerId,
    canChooseSpeaker: canChooseSpeaker(),
    prompting: false,
  };
  private readonly media = new LocalMedia(
    (s) => this.update(s),
    () => loadPreferences(),
  );
  private readonly onDeviceChange = () => void this.refreshDevices();
  private readonly guard: CameraGuard;

  /** `connection`: the call's peer connection, where the camera's frames are watched. */
  constructor(
    private readonly host: ReactiveControllerHost,
    connection: () => RTCPeerConnection | null = () => null,
  ) {
    host.addController(this);
    this.guard = new CameraGuard({
      connection,
      cameras: () => this.state.devices.cameras.map((c) => c.id),
      stalled: (track, fallbackId, undo) => void this.replaceStalled(track, fallbackId, undo),
    });
  }

  hostUpdate(): void {
    this.guard.update(this.state.camera);
  }

  hostConnected(): void {
    navigator.mediaDevices?.addEventListener?.("devicechange", this.onDeviceChange);
  }

  hostDisconnected(): void {
    navigator.mediaDevices?.removeEventListener?.("devicechange", this.onDeviceChange);
    this.guard.stop();
    this.release();
  }

  /** Starts camera and microphone (once; later calls wait for the same start). */
  async start(): Promise<void> {
    void this.watchPrompt();
    await this.media.start();
    await this.refreshDevices();
  }

  async retry(): Promise<void> {
    void this.watchPrompt();
    await this.media.retry();
    await this.refreshDevices();
  }

  /** Also asks for the microphone again after it went away (access revoked, unplugged). */
  toggleMic(): Promise<void> {
    return this.media.setMicOn(!this.state.micOn);
  }

  toggleCamera(): Promise<void> {
    return this.media.setCameraOn(!this.state.cameraOn);
  }

  async useCamera(id: string): Promise<void> {
    savePreferences({ cameraId: id });
    await this.media.useCamera(id);
  }

  async useMicrophone(id: string): Promise<void> {
    savePreferences({ micId: id });
    await this.media.useMicrophone(id);
  }

  useSpeaker(id: string): void {
    savePreferences({ speakerId: id });
    this.state = { ...this.state, speakerId: id };
    this.host.requestUpdate();
  }

  /** The next camera (front and back on a phone). */
  async flipCamera(): Promise<void> {
    const cameras = this.state.devices.cameras;
    if (cameras.length < 2) return;
    const at = cameras.findIndex((c) => c.id === this.state.cameraId);
    await this.media.useCamera(cameras[(at + 1) % cameras.length]!.id);
  }

  /**
   * A camera that sends no frames: back to the one used before ("That camera could not be
   * started"), or to another one ("…another one is used now"); the choice is remembered.
   */
  private async replaceStalled(track: MediaStreamTrack, fallbackId: string | null, undo: boolean): Promise<void> {
    if (!fallbackId) return console.warn("the camera sends no frames and no other camera is left to try");
    const notice = undo
      ? ({ why: "switch-failed", device: "camera" } as const)
      : ({ why: "lost", device: "camera", fallback: true } as const);
    if (await this.media.replaceStalledCamera(track, fallbackId, notice)) savePreferences({ cameraId: fallbackId });
  }

  /** Stops every track, also of a request still pending: the camera light goes off. Idempotent. */
  release(): void {
    this.media.release();
  }

  private async refreshDevices(): Promise<void> {
    try {
      this.state = { ...this.state, devices: await listDevices() };
      this.host.requestUpdate();
    } catch {
      // Enumeration can fail while the page is going away: the lists stay as they were.
    }
  }

  /** Says "allow access in the prompt" only while the browser would show one. */
  private async watchPrompt(): Promise<void> {
    try {
      const status = await navigator.permissions?.query({ name: "camera" as PermissionName });
      if (status?.state !== "prompt" || this.media.state.phase !== "asking") return;
      this.state = { ...this.state, prompting: true };
      this.host.requestUpdate();
    } catch {
      // Firefox does not know the "camera" permission name: no hint, the prompt speaks for itself.
    }
  }

  private update(s: LocalMediaState): void {
    const previous = this.state.stream;
    const stream = s.camera
      ? previous?.getVideoTracks()[0] === s.camera
        ? previous
        : new MediaStream([s.camera])
      : null;
    this.state = { ...this.state, ...s, stream, prompting: this.state.prompting && s.phase === "asking" };
    this.host.requestUpdate();
  }
}
