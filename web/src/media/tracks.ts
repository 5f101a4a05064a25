/** Asking the browser for camera and microphone tracks, and letting replaced ones go. */
import { cameraConstraints, describeFailure, microphoneConstraints } from "./devices.js";

export const ask = (c: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(c);

/** Both at once (one prompt); a remembered device that is gone is replaced by the default one. */
export async function askBoth(
  micId: string | null,
  cameraId: string | null,
  withCamera: boolean,
): Promise<MediaStream> {
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
 * One camera (`video`) or microphone (`audio`): device `id`, or whichever the browser picks when
 * `id` is null, or when `orAny` and that device is gone. Rejects with the browser's error.
 */
export async function openDevice(
  kind: "audio" | "video",
  id: string | null,
  orAny: boolean,
): Promise<MediaStreamTrack> {
  const take = async (device: string | null) => {
    const stream =
      kind === "audio"
        ? await ask({ audio: microphoneConstraints(device) })
        : await ask({ video: cameraConstraints(device) });
    const track = stream.getTracks()[0];
    if (!track) throw new DOMException(`no ${kind} track`, "NotFoundError");
    return track;
  };
  try {
    return await take(id);
  } catch (err) {
    if (!id || !orAny || describeFailure(err) !== "missing") throw err;
    return take(null);
  }
}

/**
 * Stops a track that another one replaced, a moment later: the page first hands the new track to
 * the connection (replaceTrack), so the other side never gets a sender whose track already ended.
 */
export function retireLater(track: MediaStreamTrack | null): void {
  if (track) setTimeout(() => track.stop(), RETIRE_DELAY_MS);
}

const RETIRE_DELAY_MS = 1000;

export function stopAll(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}
