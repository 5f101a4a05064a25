/** Camera, microphone and speaker lists, and what a failed getUserMedia means. */

export type DeviceKind = "camera" | "microphone" | "speaker";

export interface DeviceOption {
  id: string;
  /** The browser's label; empty before permission is granted (the UI then numbers them). */
  label: string;
}

export interface DeviceLists {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  speakers: DeviceOption[];
}

export const NO_DEVICES: DeviceLists = { cameras: [], microphones: [], speakers: [] };

const KINDS: Record<MediaDeviceKind, keyof DeviceLists> = {
  videoinput: "cameras",
  audioinput: "microphones",
  audiooutput: "speakers",
};

/** The devices this page may name (labels only once a permission was granted). */
export async function listDevices(): Promise<DeviceLists> {
  if (!navigator.mediaDevices?.enumerateDevices) return NO_DEVICES;
  const lists: DeviceLists = { cameras: [], microphones: [], speakers: [] };
  for (const d of await navigator.mediaDevices.enumerateDevices()) {
    // "default" and "communications" are aliases of a real device in Chromium's lists.
    if (!d.deviceId || d.deviceId === "communications") continue;
    lists[KINDS[d.kind]].push({ id: d.deviceId, label: d.label });
  }
  return lists;
}

/** Whether this browser can choose where sound plays (setSinkId). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype;
}

export type MediaFailure = "denied" | "missing" | "busy" | "other";

export function describeFailure(err: unknown): MediaFailure {
  const name = err instanceof DOMException ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "missing";
  if (name === "NotReadableError" || name === "AbortError") return "busy";
  return "other";
}

const VIDEO: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } };
const AUDIO: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true };

/** Constraints for one camera or microphone; `id` null: whichever the browser picks. */
export function cameraConstraints(id: string | null, facingMode?: "user" | "environment"): MediaTrackConstraints {
  if (facingMode) return { ...VIDEO, facingMode: { exact: facingMode } };
  return id ? { ...VIDEO, deviceId: { exact: id } } : VIDEO;
}

export function microphoneConstraints(id: string | null): MediaTrackConstraints {
  return id ? { ...AUDIO, deviceId: { exact: id } } : AUDIO;
}

/** The device a track comes from, if the browser says. */
export function deviceOf(track: MediaStreamTrack | null | undefined): string | null {
  return track?.getSettings().deviceId ?? null;
}
