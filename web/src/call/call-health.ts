import type { CallStateStore } from "./call-state.js";
import {
  ConnectivityMonitor,
  initialConnectivity,
  isOnline,
  networkView,
  nextConnectivity,
  type ConnectivityEvent,
} from "./connectivity.js";
import { inCallPhase } from "./in-call-phase.js";
import { networksToBlame, nextOther, NOBODY, otherView, type OtherDoc, type OtherEvent } from "./other-participant.js";
import type { LinkState } from "./peer-session.js";

export interface HealthHooks {
  /** Whether we are in the call (joined), and whether this connection was ever up. */
  joined(): boolean;
  everConnected(): boolean;
  /** The connection is down and the other person was just heard from, or we are back online. */
  onReachable(): void;
  /** We are back online, or the page woke up (a frozen tab, a laptop that slept). */
  onAwake(): void;
}

// "joining" too: once the join write is out, presence and the connection decide the phase.
const IN_CALL = new Set(["joining", "waiting", "connecting", "connected", "reconnecting"]);

/**
 * How the call is doing, from what the page observes: the other participant (here, dropped,
 * left, returned), our own connectivity, and the connection between us. Feeds the pure
 * transitions in other-participant.ts and connectivity.ts and publishes the result (and the
 * phase of a joined page) to the store.
 */
export class CallHealth {
  private other = NOBODY;
  private net = initialConnectivity(Date.now(), navigator.onLine);
  private linkState: LinkState = "idle";
  private monitor: ConnectivityMonitor | null = null;

  constructor(
    private readonly store: CallStateStore,
    private readonly hooks: HealthHooks,
  ) {}

  get link(): LinkState {
    return this.linkState;
  }

  get online(): boolean {
    return isOnline(this.net);
  }

  get otherHere(): boolean {
    return this.other.presence === "here";
  }

  /** Since when the connection to someone who is here has been down (for the heartbeat). */
  get linkDownSince(): number | null {
    return this.otherHere ? this.other.linkDownSince : null;
  }

  /** Listens to the window's online/offline and resume events (from the join screen on). */
  watch(): void {
    this.monitor ??= new ConnectivityMonitor(
      (e) => this.onConnectivity(e),
      () => {
        if (document.visibilityState === "visible") this.hooks.onAwake();
      },
    );
  }

  close(): void {
    this.monitor?.close();
    this.monitor = null;
  }

  doc(doc: OtherDoc | null): void {
    this.onOther({ type: "doc", doc, now: Date.now() });
  }

  bye(): void {
    this.onOther({ type: "bye", now: Date.now() });
  }

  tick(now: number): void {
    this.onOther({ type: "tick", now, onlineSince: this.net.onlineSince });
  }

  source(fromCache: boolean): void {
    this.onConnectivity({ type: "snapshot", fromCache, now: Date.now() });
  }

  setLink(state: LinkState): void {
    this.linkState = state;
    if (state !== "idle") this.onOther({ type: "link", up: state === "up", now: Date.now() });
    this.refreshPhase();
  }

  /**
   * A connection that never came up: the networks are to blame only when the other person is
   * here and was heard from while we tried, and we are online. Otherwise we wait for them.
   */
  blameNetworks(): boolean {
    return networksToBlame(this.other, Date.now(), this.online);
  }

  /** Sets the phase of a joined page from presence and the connection. */
  refreshPhase(): void {
    if (!this.hooks.joined() || !IN_CALL.has(this.store.snapshot.phase)) return;
    const phase = inCallPhase(this.other.presence, this.linkState, this.hooks.everConnected());
    if (phase !== this.store.snapshot.phase) this.store.set({ phase });
  }

  private onOther(event: OtherEvent): void {
    const before = this.other;
    this.other = nextOther(before, event);
    if (this.other === before) return;
    const back = before.presence === "dropped" && this.other.presence === "here";
    if (back && this.linkState === "down") this.hooks.onReachable();
    this.store.set({ other: otherView(this.other) });
    this.refreshPhase();
  }

  private onConnectivity(event: ConnectivityEvent): void {
    const wasOnline = this.online;
    this.net = nextConnectivity(this.net, event);
    if (wasOnline === this.online) return;
    this.store.set({ network: networkView(this.net) });
    if (!this.online || !this.hooks.joined()) return;
    // Back online: say so at once, and restart ICE if that is our part.
    this.hooks.onAwake();
    if (this.linkState === "down") this.hooks.onReachable();
  }

  /** For diagnostics. */
  describe(): Record<string, unknown> {
    return { other: { ...this.other }, net: { ...this.net }, link: this.linkState };
  }
}
