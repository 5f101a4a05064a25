import type { ReactiveController, ReactiveControllerHost } from "lit";
import {
  summarizeStats,
  type ConnectionQuality,
  type QualityCounters,
  type StatsEntry,
} from "../call/connection-stats.js";

const INTERVAL_MS = 2000;

/**
 * Samples the call's peer connection with getStats() every two seconds while the host is
 * connected and a peer connection exists, and re-renders the host with the summary.
 */
export class QualityController implements ReactiveController {
  quality: ConnectionQuality | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private previous: QualityCounters | null = null;
  private pc: RTCPeerConnection | null = null;
  private sampling = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly peerConnection: () => RTCPeerConnection | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer ??= setInterval(() => void this.sample(), INTERVAL_MS);
  }

  hostDisconnected(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.quality = null;
  }

  private async sample(): Promise<void> {
    const pc = this.peerConnection();
    if (pc !== this.pc) {
      // A new connection (rejoin, the other side reloaded): its counters start from zero.
      this.pc = pc;
      this.previous = null;
    }
    if (!pc || pc.connectionState === "closed" || this.sampling) {
      if (!pc && this.quality) this.update(null);
      return;
    }
    this.sampling = true;
    try {
      const report = await pc.getStats();
      if (pc !== this.pc || !this.timer) return;
      const entries: StatsEntry[] = [];
      report.forEach((s: StatsEntry) => entries.push(s));
      const { quality, counters } = summarizeStats(entries, this.previous);
      this.previous = counters;
      this.update(quality);
    } catch {
      // The connection closed while sampling: the next tick sees it.
    } finally {
      this.sampling = false;
    }
  }

  private update(quality: ConnectionQuality | null): void {
    this.quality = quality;
    this.host.requestUpdate();
  }
}
