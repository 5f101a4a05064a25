import type { IceCandidateData } from "@firecall/model";
import { withCandidates } from "./sdp.js";

/**
 * The W3C "perfect negotiation" pattern for one RTCPeerConnection: either side may renegotiate at
 * any time; when both offer at once, the polite peer rolls back and answers, the impolite one
 * ignores the other's offer. Signaling transport and politeness are supplied from outside.
 */
export interface NegotiatorEvents {
  /** A local offer or answer was set and should reach the other side. */
  onLocalDescription(description: RTCSessionDescription): void;
  /** A remote offer was applied and our answer is about to be made (to adjust our slots). */
  beforeAnswer?(): void;
  onError(err: unknown): void;
}

export class PerfectNegotiator {
  polite = false;
  private makingOffer = false;
  private ignoreOffer = false;
  private closed = false;
  /** Candidates that arrived before the remote description: queued, never dropped. */
  private pending: RTCIceCandidateInit[] = [];
  /**
   * While held, remote candidates are queued even with a remote description: a prepared answer
   * must not start connectivity checks before the person presses Join.
   */
  private held = true;

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly events: NegotiatorEvents,
  ) {
    pc.onnegotiationneeded = () => void this.makeOffer();
  }

  private async makeOffer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      if (!this.closed && this.pc.localDescription) this.events.onLocalDescription(this.pc.localDescription);
    } catch (err) {
      if (!this.closed) this.events.onError(err);
    } finally {
      this.makingOffer = false;
    }
  }

  /**
   * Applies the other side's description with the candidates that came with it. Returns false
   * when it was not applied: an offer ignored (we are the impolite side of a collision; its
   * candidates must be ignored too) or a stale answer (the caller adds the candidates alone).
   */
  async acceptRemote(description: RTCSessionDescriptionInit, candidates: IceCandidateData[] = []): Promise<boolean> {
    const collision = description.type === "offer" && (this.makingOffer || this.pc.signalingState !== "stable");
    this.ignoreOffer = !this.polite && collision;
    if (this.ignoreOffer) return false;
    // A description arriving in the wrong state (an answer while stable) is stale: skip it.
    if (description.type === "answer" && this.pc.signalingState !== "have-local-offer") return false;
    // While held, candidates wait; otherwise they travel inside the description, so ICE checks
    // start with it instead of after one addIceCandidate round per candidate.
    const { sdp, rest } = this.held ? { sdp: "", rest: candidates } : withCandidates(description.sdp ?? "", candidates);
    try {
      await this.pc.setRemoteDescription(sdp ? { type: description.type, sdp } : description); // rolls back our offer if needed
    } catch (err) {
      if (!sdp || candidates.length === rest.length) throw err;
      // The browser refused a candidate line: the description alone, candidates one by one.
      await this.pc.setRemoteDescription(description);
      rest.splice(0, rest.length, ...candidates);
    }
    this.pending.push(...rest);
    if (!this.held) await this.flushPending();
    if (description.type === "offer") {
      this.events.beforeAnswer?.();
      await this.pc.setLocalDescription();
      if (!this.closed && this.pc.localDescription) this.events.onLocalDescription(this.pc.localDescription);
    }
    return true;
  }

  /** Lets queued and future remote candidates through: called when the person joins. */
  async release(): Promise<void> {
    this.held = false;
    if (this.pc.remoteDescription) await this.flushPending();
  }

  async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (this.held || !this.pc.remoteDescription) {
      this.pending.push(candidate);
      return;
    }
    await this.addNow(candidate);
  }

  private async flushPending(): Promise<void> {
    const queued = this.pending.splice(0);
    for (const candidate of queued) await this.addNow(candidate);
  }

  private async addNow(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (err) {
      // Candidates of an ignored offer, or of an ICE session that has since restarted, are
      // expected to fail; anything else is worth reporting.
      if (!this.ignoreOffer && !this.closed) this.events.onError(err);
    }
  }

  close(): void {
    this.closed = true;
    this.pending = [];
    this.pc.onnegotiationneeded = null;
  }
}
