import type { CallProblem } from "./call-errors.js";

export interface WatchdogTimings {
  /** How long `disconnected` may last before ICE is restarted (it often heals by itself). */
  disconnectedGraceMs: number;
  /** How long after a restart to restart again when the connection is still down. */
  restartRetryMs: number;
  /** Report a stall when a connection has not come (back) up for this long. */
  giveUpMs: number;
  /** Relay-only: give up when no relay candidate was gathered within this time. */
  relayGatherMs: number;
}

export const DEFAULT_TIMINGS: WatchdogTimings = {
  disconnectedGraceMs: 2500,
  restartRetryMs: 8000,
  giveUpMs: 30_000,
  relayGatherMs: 10_000,
};

export interface WatchdogEvents {
  /** ICE should restart (the session decides whether this side acts on it). */
  onRestart(): void;
  /**
   * The connection has not come (back) up within `giveUpMs`, or the relay cannot be used. The
   * watchdog keeps restarting; the session decides from presence whether this is worth an error.
   */
  onStalled(problem: Extract<CallProblem, "relay" | "unreachable">): void;
}

/**
 * Watches one RTCPeerConnection and decides when to restart ICE and when it has stalled, so a
 * person never stares at "connecting" forever. Chromium does not fail a connection whose relay refused
 * the credentials: it stays `new` and only fires `icecandidateerror` (401); we watch for that.
 */
export class ConnectionWatchdog {
  private relayCandidates = 0;
  private relayRefused = false;
  private relayErrors = 0;
  private armed = false;
  /** Once connected, a relay outage is a path break to recover from, not a setup failure. */
  private connectedOnce = false;
  private closed = false;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private giveUpTimer: ReturnType<typeof setTimeout> | null = null;
  private relayTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners: [string, EventListener][];

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly relayOnly: boolean,
    private readonly events: WatchdogEvents,
    private readonly timings: WatchdogTimings = DEFAULT_TIMINGS,
  ) {
    this.listeners = [
      ["icecandidate", (e) => this.onCandidate((e as RTCPeerConnectionIceEvent).candidate)],
      ["icecandidateerror", (e) => this.onCandidateError(e as RTCPeerConnectionIceErrorEvent)],
      ["icegatheringstatechange", () => this.onGatheringState()],
      ["connectionstatechange", () => this.onConnectionState()],
    ];
    for (const [type, listener] of this.listeners) pc.addEventListener(type, listener);
    if (relayOnly) this.startRelayTimer();
  }

  /** A connection is now expected (we joined and the other person is here): start the clock. */
  arm(): void {
    if (this.closed || this.armed) return;
    this.armed = true;
    if (this.pc.connectionState !== "connected") this.startGiveUpTimer();
  }

  close(): void {
    this.closed = true;
    for (const [type, listener] of this.listeners) this.pc.removeEventListener(type, listener);
    this.clearRecovery();
    this.clear("relayTimer");
  }

  private onCandidate(candidate: RTCIceCandidate | null): void {
    if (candidate?.type === "relay") {
      this.relayCandidates++;
      this.clear("relayTimer");
    }
  }

  private onCandidateError(e: RTCPeerConnectionIceErrorEvent): void {
    if (!e.url?.startsWith("turn")) return;
    this.relayErrors++;
    // 401: the relay refused our credentials (expired, or signed with another secret).
    if (e.errorCode === 401) this.relayRefused = true;
    if (this.relayOnly && this.relayRefused && this.relayCandidates === 0) this.stalled();
  }

  private onGatheringState(): void {
    if (this.pc.iceGatheringState !== "complete") return;
    if (this.relayOnly && this.relayCandidates === 0 && !this.connectedOnce) this.stalled();
  }

  private onConnectionState(): void {
    if (this.closed) return;
    switch (this.pc.connectionState) {
      case "connected":
        this.connectedOnce = true;
        this.clear("relayTimer");
        this.clearRecovery();
        break;
      case "disconnected":
        if (!this.graceTimer) this.graceTimer = setTimeout(() => this.restart(), this.timings.disconnectedGraceMs);
        this.startGiveUpTimer();
        break;
      case "failed":
        this.clear("graceTimer");
        this.restart();
        this.startGiveUpTimer();
        break;
      default:
        break;
    }
  }

  /** Restarts at once (the other person was just heard from while the connection is down). */
  restartNow(): void {
    if (this.closed || this.pc.connectionState === "connected") return;
    this.clear("graceTimer");
    this.restart();
  }

  private restart(): void {
    this.graceTimer = null;
    if (this.closed || this.pc.connectionState === "connected") return;
    // A restart gathers afresh: relay candidates must come again.
    this.relayCandidates = 0;
    this.events.onRestart();
    this.clear("retryTimer");
    this.retryTimer = setTimeout(() => this.restart(), this.timings.restartRetryMs);
  }

  private startGiveUpTimer(): void {
    this.giveUpTimer ??= setTimeout(() => {
      this.giveUpTimer = null;
      this.stalled();
    }, this.timings.giveUpMs);
  }

  private startRelayTimer(): void {
    this.clear("relayTimer");
    this.relayTimer = setTimeout(() => {
      this.relayTimer = null;
      if (this.relayCandidates === 0) this.stalled();
    }, this.timings.relayGatherMs);
  }

  private stalled(): void {
    if (this.closed) return;
    const relayTrouble = this.relayOnly || this.relayRefused || (this.relayErrors > 0 && this.relayCandidates === 0);
    this.clear("giveUpTimer");
    this.clear("relayTimer");
    this.events.onStalled(relayTrouble ? "relay" : "unreachable");
  }

  private clearRecovery(): void {
    this.clear("graceTimer");
    this.clear("retryTimer");
    this.clear("giveUpTimer");
  }

  private clear(name: "graceTimer" | "retryTimer" | "giveUpTimer" | "relayTimer"): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = null;
  }
}
