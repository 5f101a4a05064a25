import type { ReactiveController, ReactiveControllerHost } from "lit";
import { readConnectionFingerprints } from "../security/connection-fingerprints.js";
import type { PeerTrust } from "../security/peer-trust.js";
import {
  canonicalFingerprint,
  deriveSecurityCode,
  SecurityCodeError,
  type SecurityCodeProblem,
} from "../security/security-code.js";
import { forgetPeer, markVerified, trustFor } from "../security/verified-peers.js";

export type SecurityCodeView =
  | { kind: "waiting" } // no connected peer connection yet
  | { kind: "computing" }
  | {
      kind: "ready";
      groups: string[];
      /** The other browser's canonical fingerprint: what a "We compared it" mark is bound to. */
      remoteFingerprint: string;
      remoteUid: string | null;
      trust: PeerTrust;
      /** False when this device could not read or write its memory of comparisons. */
      remembered: boolean;
    }
  | { kind: "unavailable"; problem: SecurityCodeProblem | "no-stats" };

/** What the controller follows: the call's current peer connection and the other browser's user id. */
export interface SecurityCodeSource {
  peerConnection: RTCPeerConnection | null;
  remoteUid: string | null;
}

/** While connected, the certificates are re-read this often: a renegotiation may change them. */
const CHECK_INTERVAL_MS = 2000;
/** The first moments of a connection belong to its first frames: the code (a slow hash) waits. */
const SETTLE_MS = 1000;

/**
 * Computes the security code of the call's connection from the certificates it actually uses
 * (getStats), once it is connected and again for every new peer connection or changed
 * certificate, and looks up whether this device compared it before. Re-renders the host.
 */
export class SecurityCodeController implements ReactiveController {
  view: SecurityCodeView = { kind: "waiting" };
  private pc: RTCPeerConnection | null = null;
  /** local|remote canonical fingerprints of the code on show, to skip unchanged re-reads. */
  private shownKey: string | null = null;
  private busy = false;
  /** When the current connection was first seen connected, for SETTLE_MS. */
  private connectedSince: number | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly onStateChange = () => void this.refresh();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: () => SecurityCodeSource,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.timer ??= setInterval(() => void this.refresh(), CHECK_INTERVAL_MS);
    this.follow();
  }

  /** The host re-renders whenever the call changes: pick up a new peer connection there. */
  hostUpdate(): void {
    this.follow();
  }

  hostDisconnected(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.pc?.removeEventListener("connectionstatechange", this.onStateChange);
    this.pc = null;
    this.shownKey = null;
  }

  /** "We compared it": remembers the other browser's certificate on this device under `label`. */
  async markCompared(label: string): Promise<void> {
    const view = this.view;
    if (view.kind !== "ready") return;
    try {
      const peer = await markVerified(view.remoteFingerprint, view.remoteUid, label);
      this.patchReady(view.remoteFingerprint, { trust: { kind: "verified", peer }, remembered: true });
    } catch (err) {
      console.warn("could not remember the comparison:", err);
      this.patchReady(view.remoteFingerprint, { remembered: false });
    }
  }

  async forget(): Promise<void> {
    const view = this.view;
    if (view.kind !== "ready") return;
    await forgetPeer(view.remoteFingerprint, view.remoteUid).catch((err: unknown) => console.warn("forget:", err));
    this.patchReady(view.remoteFingerprint, { trust: { kind: "unverified" } });
  }

  private patchReady(remoteFingerprint: string, patch: Partial<Extract<SecurityCodeView, { kind: "ready" }>>): void {
    // The connection may have changed while storage was busy: a verdict is only for its own code.
    if (this.view.kind === "ready" && this.view.remoteFingerprint === remoteFingerprint) {
      this.set({ ...this.view, ...patch });
    }
  }

  private follow(): void {
    const pc = this.source().peerConnection;
    if (pc === this.pc) return;
    this.pc?.removeEventListener("connectionstatechange", this.onStateChange);
    this.pc = pc;
    this.shownKey = null;
    this.connectedSince = null;
    pc?.addEventListener("connectionstatechange", this.onStateChange);
    // A new connection has new certificates to read: the old code does not apply to it. No
    // requestUpdate: this runs just before the host renders (hostConnected or hostUpdate).
    this.view = { kind: "waiting" };
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const pc = this.pc;
    // While reconnecting the DTLS session (and so the code) stays: keep showing it.
    if (!pc || pc.connectionState !== "connected" || this.busy) return;
    if (this.view.kind === "unavailable") return; // for this connection; a new one tries afresh
    if (this.view.kind !== "ready" && this.settling()) return;
    this.busy = true;
    try {
      const fingerprints = await readConnectionFingerprints(pc);
      if (pc !== this.pc || !fingerprints) return; // not reported yet: the next event or tick reads again
      const remoteFingerprint = canonicalFingerprint(fingerprints.remote);
      const key = `${canonicalFingerprint(fingerprints.local)}|${remoteFingerprint}`;
      if (key === this.shownKey) return;
      if (this.view.kind !== "ready") this.set({ kind: "computing" });
      const remoteUid = this.source().remoteUid;
      const [groups, lookup] = await Promise.all([
        deriveSecurityCode(fingerprints.local, fingerprints.remote),
        trustFor(remoteFingerprint, remoteUid).then(
          (trust) => ({ trust, remembered: true }),
          (err: unknown) => {
            console.warn("could not read the comparisons made on this device:", err);
            return { trust: { kind: "unverified" } as PeerTrust, remembered: false };
          },
        ),
      ]);
      if (pc !== this.pc) return;
      this.shownKey = key;
      this.set({ kind: "ready", groups, remoteFingerprint, remoteUid, ...lookup });
    } catch (err) {
      if (pc !== this.pc) return;
      console.warn("no security code:", err);
      this.set({ kind: "unavailable", problem: err instanceof SecurityCodeError ? err.problem : "no-stats" });
    } finally {
      this.busy = false;
    }
  }

  /** True (and a refresh scheduled) during the first SETTLE_MS of the connection. */
  private settling(): boolean {
    const now = performance.now();
    this.connectedSince ??= now;
    const wait = this.connectedSince + SETTLE_MS - now;
    if (wait <= 0) return false;
    this.settleTimer ??= setTimeout(() => {
      this.settleTimer = null;
      void this.refresh();
    }, wait);
    return true;
  }

  private set(view: SecurityCodeView): void {
    this.view = view;
    this.host.requestUpdate();
  }
}
