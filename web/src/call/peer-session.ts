import { LIMITS, type IceCandidateData, type SignalDoc } from "@firecall/model";
import type { CallProblem } from "./call-errors.js";
import { ConnectionWatchdog } from "./connection-watchdog.js";
import type { IceConfig } from "./ice-config.js";
import { PerfectNegotiator } from "./negotiator.js";
import {
  closePeer,
  createPeer,
  NO_TRACKS,
  openSendSlots,
  sendTrack,
  type MediaKind,
  type OutgoingTracks,
  type Peer,
} from "./peer.js";
import { freshTracker, interpretRemote, type RemoteAction, type RemoteTracker } from "./remote-signal.js";
import { iceUfrag } from "./sdp.js";
import { TARGET_WRITE_MS, type SignalWriter } from "./signal-writer.js";

export type PresentAction = Extract<RemoteAction, { kind: "present" }>;
/** Our connection to the other person: up, broken or not yet up, or nothing expected. */
export type LinkState = "up" | "down" | "idle";

export interface PeerSessionEvents {
  onLink(state: LinkState): void;
  onRemoteStream(stream: MediaStream | null): void;
  onChannel(channel: RTCDataChannel): void;
  onStalled(problem: Extract<CallProblem, "relay" | "unreachable">, everConnected: boolean): void;
  /** Whether this side should restart ICE now (the session knows politeness, presence, network). */
  mayRestart(): boolean;
  mark(name: string): void;
}

/**
 * The peer session: one RTCPeerConnection at a time with perfect negotiation, ICE restarts and
 * the bookkeeping of which remote page (session) it talks to. Local descriptions and candidates
 * go out through the SignalWriter; the other side's arrive through `interpret` and `apply`.
 */
export class PeerSession {
  /** Once joined we negotiate by join order; before, we always yield. */
  joined = false;
  everConnected = false;
  /** The remote session we talk to (its document is present); null: our offer is for whoever comes. */
  talkingTo: string | null = null;
  private peer: Peer | null = null;
  private negotiator: PerfectNegotiator | null = null;
  private watchdog: ConnectionWatchdog | null = null;
  private tracker: RemoteTracker = freshTracker();
  /** Whether the current connection is tied to the remote session it negotiated with. */
  private used = false;
  private localSeq = 0;
  private localUfrag: string | null = null;
  /** What we send; a new connection (renew) starts with it. */
  private outgoing: OutgoingTracks = NO_TRACKS;
  readonly firstLocalDescription: Promise<void>;
  private resolveFirstLocalDescription: () => void = () => {};

  constructor(
    private readonly writer: SignalWriter,
    private readonly ice: IceConfig,
    private readonly relayOnly: boolean,
    private readonly events: PeerSessionEvents,
  ) {
    this.firstLocalDescription = new Promise((resolve) => (this.resolveFirstLocalDescription = resolve));
  }

  get pc(): RTCPeerConnection | null {
    return this.peer?.pc ?? null;
  }

  get isOpen(): boolean {
    return this.peer !== null;
  }

  get polite(): boolean {
    return this.negotiator?.polite ?? true;
  }

  /**
   * A fresh connection with what we send (setOutgoing, also before any connection); `willOffer`
   * when nobody's offer is waiting to be answered.
   */
  open(willOffer: boolean): void {
    this.close();
    const peer = createPeer(this.ice.rtc, this.outgoing, willOffer);
    this.peer = peer;
    this.watchdog = new ConnectionWatchdog(peer.pc, this.relayOnly, {
      onRestart: () => void this.restartIce(peer),
      onStalled: (problem) => {
        if (peer === this.peer) this.events.onStalled(problem, this.everConnected);
      },
    });
    if (this.joined && this.talkingTo) this.watchdog.arm();
    this.used = false;
    this.localUfrag = null;
    this.writer.hold({ candidates: [] });
    const remoteStream = new MediaStream();
    this.negotiator = new PerfectNegotiator(peer.pc, {
      onLocalDescription: (d) => this.onLocalDescription(peer, d),
      beforeAnswer: () => openSendSlots(peer.pc, this.outgoing),
      onError: (err) => console.warn("negotiation:", err),
    });
    if (this.joined) void this.negotiator.release();
    peer.pc.onicecandidate = (e) => this.onLocalCandidate(peer, e.candidate);
    peer.pc.ontrack = (e) => {
      this.events.mark("track");
      remoteStream.addTrack(e.track);
      this.events.onRemoteStream(remoteStream);
    };
    peer.pc.onconnectionstatechange = () => this.onConnectionState(peer);
    this.events.onChannel(peer.chat);
  }

  /** A new connection for a new remote page (or for whoever comes next). */
  renew(willOffer: boolean): void {
    this.everConnected = false;
    this.open(willOffer);
    this.events.onRemoteStream(null);
    this.events.onLink(this.talkingTo && this.joined ? "down" : "idle");
  }

  /**
   * Sends another track (another camera or microphone, a screen share) or none (camera off) in
   * the slot for its kind: `replaceTrack`, no renegotiation. Kept for the next connection too.
   */
  async setOutgoing(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    this.outgoing = { ...this.outgoing, [kind]: track };
    const pc = this.peer?.pc;
    // No slot yet (an answer not made): openSendSlots attaches the track when there is one.
    if (pc && pc.signalingState !== "closed") await sendTrack(pc, kind, track);
  }

  /** The remote page is gone for good: a fresh connection and an offer for whoever comes. */
  forget(): void {
    this.tracker = freshTracker();
    this.talkingTo = null;
    this.renew(true);
  }

  /** Lets remote candidates through and starts the watchdog: called once our join is stored. */
  async release(): Promise<void> {
    this.joined = true;
    await this.negotiator?.release();
    if (this.talkingTo) this.watchdog?.arm();
  }

  interpret(remote: SignalDoc | null, mySession: string): RemoteAction {
    return interpretRemote(remote, this.tracker, mySession);
  }

  /** Whether `remote` holds an offer we will answer (so we need not make one). */
  offerWaiting(remote: SignalDoc | null, mySession: string): boolean {
    const action = this.interpret(remote, mySession);
    return action.kind === "present" && action.description?.type === "offer";
  }

  /** Applies what the remote document holds for us: its description and new candidates. */
  async apply(remote: SignalDoc, action: PresentAction, polite: boolean): Promise<void> {
    if (action.newSession) {
      // A reloaded page (or someone coming back) needs a fresh connection, not our old one.
      if (this.used) this.renew(action.description?.type !== "offer");
      this.tracker = { ...freshTracker(), session: remote.session };
    }
    this.talkingTo = remote.session;
    const negotiator = this.negotiator!;
    negotiator.polite = polite;
    if (this.joined) this.watchdog?.arm();
    let ignored = false;
    let accepted = false;
    if (action.description && action.descriptionSeq !== null) {
      this.tracker.handledSeq = action.descriptionSeq;
      this.used = true;
      accepted = await negotiator.acceptRemote(action.description, action.candidates);
      if (accepted) this.events.mark(`applied-${action.description.type}`);
      // Our offer to whoever came is taken: say by whom, so a later page load of theirs (or
      // anyone else) never answers an offer that already belongs to a connection.
      if (accepted && action.description.type === "answer" && this.writer.current.target !== remote.session) {
        this.writer.updateWithin({ target: remote.session }, TARGET_WRITE_MS);
      }
      ignored = !accepted && action.description.type === "offer";
      this.tracker.ignoredSeq = ignored ? action.descriptionSeq : null;
    }
    if (ignored) return;
    // An applied description took its candidates with it.
    for (const c of action.candidates) {
      this.tracker.seenCandidates.add(c.candidate);
      if (!accepted) await negotiator.addCandidate(c);
    }
    if (action.candidates.length > 0) this.events.mark("candidates-added");
  }

  /** The other person was heard from while the connection is down: try again now. */
  restartNow(): void {
    this.watchdog?.restartNow();
  }

  private async restartIce(peer: Peer): Promise<void> {
    if (peer !== this.peer || !this.joined || !this.events.mayRestart()) return;
    // A credential that expires during a long call is renewed before it is needed again.
    if (await this.ice.renewIfExpiring()) {
      if (peer !== this.peer) return;
      peer.pc.setConfiguration(this.ice.rtc);
    }
    this.events.mark("iceRestart");
    peer.pc.restartIce();
  }

  /** Every local offer or answer is published (held until Join, then written at once). */
  private onLocalDescription(peer: Peer, description: RTCSessionDescription): void {
    if (peer !== this.peer) return;
    const ufrag = iceUfrag(description.sdp);
    // A new ICE session (first description, rollback, restart) makes older candidates useless.
    const candidates = ufrag === this.localUfrag ? this.writer.current.candidates : [];
    this.localUfrag = ufrag;
    const type = description.type === "answer" ? "answer" : "offer";
    // An offer made while alone is for whoever comes (target null); anything else is for them.
    const forRemote = type === "answer" || this.talkingTo !== null;
    if (forRemote) this.used = true;
    this.writer.update(
      {
        target: forRemote ? this.tracker.session : null,
        description: { type, sdp: description.sdp, seq: this.localSeq++ },
        candidates,
        left: false,
      },
      true,
    );
    this.resolveFirstLocalDescription();
  }

  private onLocalCandidate(peer: Peer, candidate: RTCIceCandidate | null): void {
    if (peer !== this.peer) return;
    if (!candidate) {
      this.writer.hurry(); // gathering done: send what waits now (a write the same as the last would be paid for)
      return;
    }
    const list = this.writer.current.candidates;
    if (list.length >= LIMITS.maxCandidates || !candidate.candidate) return;
    const data: IceCandidateData = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid,
      sdpMLineIndex: candidate.sdpMLineIndex,
    };
    this.writer.update({ candidates: [...list, data] }, false);
  }

  private onConnectionState(peer: Peer): void {
    if (peer !== this.peer || !this.joined) return;
    const state = peer.pc.connectionState;
    if (state === "connected") {
      this.events.mark("connected");
      this.everConnected = true;
      this.events.onLink("up");
    } else if (state !== "closed" && this.talkingTo) this.events.onLink("down");
  }

  /** Closes the connection and its helpers; safe to call twice. */
  close(): void {
    this.watchdog?.close();
    this.watchdog = null;
    this.negotiator?.close();
    this.negotiator = null;
    if (this.peer) closePeer(this.peer);
    this.peer = null;
  }
}
