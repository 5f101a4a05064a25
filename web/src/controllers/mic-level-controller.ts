import type { ReactiveController, ReactiveControllerHost } from "lit";

const INTERVAL_MS = 100;

/**
 * The live level (0–1) of a microphone track, for the join screen's meter. An analyser on the
 * track while the host is connected and a track is given; re-renders the host only when the level
 * moves visibly. Closes its audio context when the track changes or the host goes away.
 */
export class MicLevelController implements ReactiveController {
  level = 0;
  private track: MediaStreamTrack | null = null;
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private connected = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => MediaStreamTrack | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
  }

  hostUpdated(): void {
    const track = this.source();
    if (track !== this.track) this.follow(track);
  }

  hostDisconnected(): void {
    this.connected = false;
    this.follow(null);
  }

  private follow(track: MediaStreamTrack | null): void {
    clearInterval(this.timer);
    void this.context?.close().catch(() => {});
    this.context = null;
    this.track = track;
    this.level = 0;
    if (!track || !this.connected || typeof AudioContext === "undefined") return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
    this.context = context;
    const samples = new Float32Array(analyser.fftSize);
    this.timer = setInterval(() => {
      // A context made before any click may start suspended; resuming is allowed once there was one.
      if (context.state === "suspended") void context.resume().catch(() => {});
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS on a rough loudness scale: speech sits around the middle of the meter.
      const level = track.enabled ? Math.min(1, Math.sqrt(sum / samples.length) * 4) : 0;
      if (Math.abs(level - this.level) < 0.03) return;
      this.level = level;
      this.host.requestUpdate();
    }, INTERVAL_MS);
  }
}
