/**
 * Whether a camera's frames reach the connection, from the sender's stats over time. Some
 * cameras deliver a picture to the page but nothing WebRTC can encode (a depth camera such as an
 * Intel RealSense, or Chromium's fake_device_1): the track stays live, enabled and unmuted while
 * the other person sees a frozen picture. Pure functions; the sampling is in camera-guard.ts.
 */

export type SendingVerdict = "ok" | "stalled" | "unknown";

/** One look at a video sender: frames its source delivered and frames it encoded (null: not reported). */
export interface FrameSample {
  atMs: number;
  sourceFrames: number | null;
  encodedFrames: number | null;
}

/** How long frames may stay flat, while connected and sending, before the camera counts as stalled. */
export const STALL_WINDOW_MS = 3000;
/** Growth that proves frames flow: more than a frame still in flight from the previous track. */
const MIN_NEW_FRAMES = 3;

/**
 * ok: either counter grew by a few frames since the first sample; stalled: neither grew over at
 * least `windowMs`; unknown: not long enough yet, or the browser reports neither counter.
 * The samples must be consecutive looks while connected and sending this track.
 */
export function judgeSending(samples: readonly FrameSample[], windowMs = STALL_WINDOW_MS): SendingVerdict {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last || (first.sourceFrames === null && first.encodedFrames === null)) return "unknown";
  const grew = (from: number | null, to: number | null) => from !== null && to !== null && to - from >= MIN_NEW_FRAMES;
  for (const s of samples)
    if (grew(first.sourceFrames, s.sourceFrames) || grew(first.encodedFrames, s.encodedFrames)) return "ok";
  return last.atMs - first.atMs >= windowMs ? "stalled" : "unknown";
}

type StatsEntry = Record<string, unknown> & { type: string };

/**
 * A sample from one video sender's stats: its media source for `trackId` (frames) and its
 * outbound RTP stream (framesEncoded). After replaceTrack Chromium reports a media source per
 * track, so the one for this track is picked by its identifier.
 */
export function frameSample(entries: Iterable<StatsEntry>, trackId: string, atMs: number): FrameSample {
  let sourceFrames: number | null = null;
  let encodedFrames: number | null = null;
  for (const s of entries) {
    if (s.kind !== "video") continue;
    if (s.type === "media-source" && s.trackIdentifier === trackId && typeof s.frames === "number")
      sourceFrames = s.frames;
    if (s.type === "outbound-rtp" && typeof s.framesEncoded === "number")
      encodedFrames = (encodedFrames ?? 0) + s.framesEncoded;
  }
  return { atMs, sourceFrames, encodedFrames };
}

/**
 * The camera to take over from `stalledId`, which sent nothing: the first of `preferred` (the
 * last camera seen to send, the one used before) that is not known to stall, else the first
 * listed camera not yet found stalled; null when none is left to try.
 */
export function fallbackCamera(
  stalledId: string,
  preferred: readonly (string | null)[],
  stalled: ReadonlySet<string>,
  cameras: readonly string[],
): string | null {
  const usable = (id: string | null): id is string => !!id && id !== stalledId && !stalled.has(id);
  return preferred.find(usable) ?? cameras.find(usable) ?? null;
}
