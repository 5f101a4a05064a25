import { deviceOf } from "./devices.js";
import { fallbackCamera, frameSample, judgeSending, type FrameSample, type SendingVerdict } from "./sending-verdict.js";

export interface CameraGuardHooks {
  /** The connection the camera is sent on; null before there is one. */
  connection(): RTCPeerConnection | null;
  /** The cameras listed now, in the browser's order. */
  cameras(): readonly string[];
  /**
   * `track` sent no frames: `fallbackId` should take its place (null: no camera left to try).
   * `undo`: the fallback is the camera used just before (a switch to undo), not another one.
   */
  stalled(track: MediaStreamTrack, fallbackId: string | null, undo: boolean): void;
}

const SAMPLE_EVERY_MS = 500;
/** One look lasts at most this long, connected or not (the page looks again on a later update). */
const LOOK_LIMIT_MS = 7000;
/** Looks per track: a browser that reports no frame counters is not polled forever. */
const MAX_LOOKS = 3;

/**
 * Watches that the camera in use reaches the other person: some cameras show a picture on the
 * page but give WebRTC no frames (depth cameras), and the other side would see a frozen picture
 * with no explanation. A camera not yet proven is watched for a few seconds once the connection
 * is up and sends it; if no frame gets through, `stalled` says which camera to go back to.
 * `update()` is called on every render; `stop()` ends any look in progress.
 */
export class CameraGuard {
  /** The last camera seen to send frames: the one to go back to. */
  private proven: string | null = null;
  /** The camera in use, and the one before it (what a switch goes back to). */
  private currentId: string | null = null;
  private previousId: string | null = null;
  private readonly stalledIds = new Set<string>();
  private looking: { track: MediaStreamTrack; abort: AbortController } | null = null;
  private readonly looks = new WeakMap<MediaStreamTrack, number>();

  constructor(private readonly hooks: CameraGuardHooks) {}

  update(camera: MediaStreamTrack | null): void {
    if (this.looking && this.looking.track !== camera) this.stop();
    const id = deviceOf(camera);
    if (id && id !== this.currentId) [this.previousId, this.currentId] = [this.currentId, id];
    if (!camera || this.looking || camera.readyState !== "live") return;
    if (!id || id === this.proven || this.hooks.connection()?.connectionState !== "connected") return;
    const looks = this.looks.get(camera) ?? 0;
    if (looks >= MAX_LOOKS) return;
    this.looks.set(camera, looks + 1);
    void this.look(camera, id);
  }

  stop(): void {
    this.looking?.abort.abort();
    this.looking = null;
  }

  private async look(track: MediaStreamTrack, id: string): Promise<void> {
    const abort = new AbortController();
    this.looking = { track, abort };
    try {
      const verdict = await watchSending(this.hooks.connection, track, abort.signal);
      if (abort.signal.aborted) return;
      if (verdict === "ok") {
        this.proven = id;
        this.stalledIds.delete(id);
      }
      if (verdict !== "stalled") return;
      this.stalledIds.add(id);
      const before = this.previousId;
      const fallback = fallbackCamera(id, [this.proven, before], this.stalledIds, this.hooks.cameras());
      this.hooks.stalled(track, fallback, fallback !== null && fallback === before);
    } finally {
      if (this.looking?.abort === abort) this.looking = null;
    }
  }
}

/**
 * Samples the sender of `track` until the frames decide (see judgeSending) or LOOK_LIMIT_MS
 * pass. Only consecutive looks while connected and sending this track count: a pause starts over.
 */
export async function watchSending(
  connection: () => RTCPeerConnection | null,
  track: MediaStreamTrack,
  signal: AbortSignal,
): Promise<SendingVerdict> {
  const started = Date.now();
  let samples: FrameSample[] = [];
  while (!signal.aborted && track.readyState === "live" && Date.now() - started < LOOK_LIMIT_MS) {
    const pc = connection();
    const sender = pc?.connectionState === "connected" ? pc.getSenders().find((s) => s.track === track) : undefined;
    const report = sender && track.enabled ? await sender.getStats().catch(() => null) : null;
    if (!report) samples = [];
    else {
      const entries: Record<string, unknown>[] = [];
      report.forEach((s: Record<string, unknown>) => entries.push(s));
      samples.push(frameSample(entries as { type: string }[], track.id, Date.now()));
      const verdict = judgeSending(samples);
      if (verdict !== "unknown") return verdict;
    }
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
  }
  return "unknown";
}
