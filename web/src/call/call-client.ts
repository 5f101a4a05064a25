import type { Firestore } from "firebase/firestore";
import {
  LIMITS,
  type CallDoc,
  type IceCandidateData,
  type SignalDoc,
  type TimestampLike,
} from "../../../functions/src/shared/call-model.js";
import { parseChannelMessage, type ChannelMessage, CHAT_MAX_LENGTH } from "./chat-protocol.js";
import type { CallDirectory } from "./call-directory.js";
import { CallError, problemFromFirebase, type CallProblem } from "./call-errors.js";
import { PerfectNegotiator } from "./negotiator.js";
import { closePeer, createPeer, type Peer } from "./peer.js";
import { freshTracker, interpretRemote, isPolite, type RemoteTracker } from "./remote-signal.js";
import { iceUfrag, randomId } from "./sdp.js";
import { SignalWriter } from "./signal-writer.js";
import { FirestoreSignaling } from "./signaling.js";

export type CallPhase =
  | "checking" // reading the call document
  | "ready" // may join; camera and peer connection prepared
  | "joining"
  | "waiting" // joined, the other person is not here
  | "connecting"
  | "connected"
  | "reconnecting"
  | "left" // we hung up
  | "ended" // the call itself is over
  | "error";

export interface ChatEntry {
  id: string;
  from: "me" | "them";
  text: string;
  sentAt: number;
}

export interface CallState {
  phase: CallPhase;
  problem: CallProblem | null;
  remoteStream: MediaStream | null;
  /** True when the other person was here and has left (hung up or closed the page). */
  remoteLeft: boolean;
  chatOpen: boolean;
  messages: ChatEntry[];
  /** performance.now() when Join was pressed, for diagnostics and the benchmark. */
  joinPressedAt: number | null;
}

export interface CallClientDeps {
  db: Firestore;
  directory: CallDirectory;
  uid: string;
  iceServers: RTCIceServer[];
  /** How long candidates wait to be written together. */
  candidateDelayMs?: number;
}

/**
 * One person's side of a call: prepares a peer connection before joining (so the offer and its
 * candidates are ready when Join is pressed), then negotiates through Firestore with perfect
 * negotiation. The newest session offers; the one already waiting answers.
 */
export class CallClient {
  readonly session = randomId();
  private state: CallState = {
    phase: "checking",
    problem: null,
    remoteStream: null,
    remoteLeft: false,
    chatOpen: false,
    messages: [],
    joinPressedAt: null,
  };
  private listeners = new Set<(s: CallState) => void>();
  private signaling: FirestoreSignaling;
  private writer: SignalWriter;
  private peer: Peer | null = null;
  private negotiator: PerfectNegotiator | null = null;
  private local: MediaStream | null = null;
  private seated = false;
  private joined = false;
  private disposed = false;
  /** Whether the current peer connection has exchanged anything with the remote session. */
  private peerUsed = false;
  private everConnected = false;
  private localSeq = 0;
  private localUfrag: string | null = null;
  /** The first offer of a session always goes out; later ones wait for someone to read them. */
  private sessionOfferSent = false;
  private heldOffer = false;
  private tracker: RemoteTracker = freshTracker();
  private remoteUid: string | null = null;
  private remoteDoc: SignalDoc | null = null;
  private ownJoinedAt: TimestampLike | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: CallClientDeps,
    readonly callId: string,
  ) {
    this.signaling = new FirestoreSignaling(deps.db, callId, deps.uid, this.session);
    this.writer = new SignalWriter(this.signaling, {
      candidateDelayMs: deps.candidateDelayMs ?? 40,
      onError: (err) => this.fail(err),
    });
  }

  get snapshot(): CallState {
    return this.state;
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.peer?.pc ?? null;
  }

  subscribe(listener: (s: CallState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** Checks the call can be entered and prepares the peer connection with `local` media. */
  async prepare(local: Promise<MediaStream | null>): Promise<void> {
    try {
      // Reading the call and starting the camera overlap: neither waits for the other.
      const [access, stream] = await Promise.all([this.deps.directory.checkAccess(this.callId, this.deps.uid), local]);
      this.seated = access.seated;
      this.local = stream;
    } catch (err) {
      this.fail(err);
      return;
    }
    if (this.disposed) return;
    this.newPeer();
    this.set({ phase: "ready" });
  }

  /** Takes the seat and publishes the prepared offer in one write, then listens for the other side. */
  async join(): Promise<void> {
    if (this.state.phase !== "ready" || this.disposed) return;
    this.set({ phase: "joining", joinPressedAt: performance.now() });
    this.joined = true;
    const sent = this.writer.current;
    try {
      await this.signaling.join(sent, !this.seated);
    } catch (err) {
      await this.explainJoinFailure(err);
      return;
    }
    this.seated = true;
    if (sent.description?.type === "offer") this.sessionOfferSent = true;
    if (this.writer.current === sent) this.writer.markWritten();
    this.writer.start();
    this.set({ phase: "waiting" });
    this.signaling.listen({
      onCall: (call) => this.onCall(call),
      onOwn: (own) => {
        if (own && own.session === this.session) this.ownJoinedAt = own.joinedAt;
      },
      onRemote: (remote, uid) => this.enqueue(() => this.onRemote(remote, uid)),
      onError: (err) => this.fail(err),
    });
  }

  sendChat(text: string): boolean {
    const trimmed = text.trim();
    const chat = this.peer?.chat;
    if (!trimmed || trimmed.length > CHAT_MAX_LENGTH || chat?.readyState !== "open") return false;
    const message: ChannelMessage = { type: "chat", id: randomId(), text: trimmed, sentAt: Date.now() };
    chat.send(JSON.stringify(message));
    this.set({
      messages: [...this.state.messages, { id: message.id, from: "me", text: trimmed, sentAt: message.sentAt }],
    });
    return true;
  }

  /** Leaves the call: tells the other side at once over the channel, and reliably via Firestore. */
  async hangUp(): Promise<void> {
    if (!this.joined || this.state.phase === "left") return;
    this.sendBye();
    this.joined = false;
    this.writer.stop();
    this.signaling.stopListening();
    this.dropPeer();
    this.set({ phase: "left", remoteStream: null, chatOpen: false });
    try {
      await this.signaling.write({ target: null, description: null, candidates: [], left: true });
    } catch {
      // The other side still learns from the channel's bye; nothing more to do here.
    }
  }

  /** For pagehide: best effort, synchronous start of the same as hangUp. */
  leaveOnUnload(): void {
    if (!this.joined) return;
    void this.hangUp();
  }

  dispose(): void {
    this.disposed = true;
    this.writer.stop();
    this.signaling.stopListening();
    this.dropPeer();
    this.listeners.clear();
  }

  // --- peer connection ---------------------------------------------------------------------

  private newPeer(): void {
    this.dropPeer();
    const peer = createPeer(this.deps.iceServers, this.local);
    this.peer = peer;
    this.peerUsed = false;
    this.heldOffer = false;
    this.localUfrag = null;
    this.writer.hold({ candidates: [] });
    const remoteStream = new MediaStream();
    this.negotiator = new PerfectNegotiator(peer.pc, {
      onLocalDescription: (d) => this.onLocalDescription(peer, d),
      onError: (err) => console.warn("negotiation:", err),
    });
    peer.pc.onicecandidate = (e) => this.onLocalCandidate(peer, e.candidate);
    peer.pc.ontrack = (e) => {
      remoteStream.addTrack(e.track);
      this.set({ remoteStream });
    };
    peer.pc.onconnectionstatechange = () => this.onConnectionState(peer);
    peer.chat.onopen = () => this.set({ chatOpen: true });
    peer.chat.onclose = () => this.set({ chatOpen: false });
    peer.chat.onmessage = (e) => this.onChannelMessage(e.data);
  }

  private dropPeer(): void {
    this.negotiator?.close();
    this.negotiator = null;
    if (this.peer) closePeer(this.peer);
    this.peer = null;
  }

  private onLocalDescription(peer: Peer, description: RTCSessionDescription): void {
    if (peer !== this.peer) return;
    const ufrag = iceUfrag(description.sdp);
    // A new ICE session (first description, rollback, restart) makes older candidates useless.
    const candidates = ufrag === this.localUfrag ? this.writer.current.candidates : [];
    this.localUfrag = ufrag;
    const type = description.type === "answer" ? "answer" : "offer";
    const signal = {
      target: this.remotePresent() ? this.tracker.session : null,
      description: { type, sdp: description.sdp, seq: this.localSeq++ },
      candidates,
      left: false,
    } as const;
    // Offers go out with the join, or when someone is there to read them; an offer made while
    // alone waits, since the newcomer will offer and we will answer.
    const publish = !this.joined || type === "answer" || this.remotePresent() || !this.sessionOfferSent;
    if (this.peerUsed || type === "answer" || this.remotePresent()) this.peerUsed = true;
    if (publish) {
      this.heldOffer = false;
      if (type === "offer" && this.joined) this.sessionOfferSent = true;
      this.writer.update(signal, true);
    } else {
      this.heldOffer = true;
      this.writer.hold(signal);
    }
  }

  private onLocalCandidate(peer: Peer, candidate: RTCIceCandidate | null): void {
    if (peer !== this.peer) return;
    if (!candidate) {
      if (!this.heldOffer) this.writer.update({}, true); // gathering done: send what we have
      return;
    }
    const list = this.writer.current.candidates;
    if (list.length >= LIMITS.maxCandidates || !candidate.candidate) return;
    const data: IceCandidateData = {
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid,
      sdpMLineIndex: candidate.sdpMLineIndex,
    };
    if (this.heldOffer) this.writer.hold({ candidates: [...list, data] });
    else this.writer.update({ candidates: [...list, data] }, false);
  }

  private onConnectionState(peer: Peer): void {
    if (peer !== this.peer || !this.joined) return;
    switch (peer.pc.connectionState) {
      case "connected":
        this.everConnected = true;
        this.set({ phase: "connected" });
        break;
      case "disconnected":
        this.set({ phase: "reconnecting" });
        break;
      case "failed":
        this.set({ phase: "reconnecting" });
        // The impolite side restarts ICE; the new offer travels like any renegotiation.
        if (this.negotiator && !this.negotiator.polite) peer.pc.restartIce();
        break;
      default:
        if (this.remotePresent()) this.set({ phase: this.everConnected ? "reconnecting" : "connecting" });
    }
  }

  private onChannelMessage(raw: unknown): void {
    const message = parseChannelMessage(raw);
    if (!message) return;
    if (message.type === "bye") {
      this.enqueue(async () => this.remoteGone());
      return;
    }
    const entry: ChatEntry = { id: message.id, from: "them", text: message.text, sentAt: message.sentAt };
    this.set({ messages: [...this.state.messages, entry] });
  }

  private sendBye(): void {
    const chat = this.peer?.chat;
    if (chat?.readyState === "open") chat.send(JSON.stringify({ type: "bye" } satisfies ChannelMessage));
  }

  // --- the other participant -----------------------------------------------------------------

  private remotePresent(): boolean {
    return this.remoteDoc !== null && !this.remoteDoc.left;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => console.warn("signaling:", err));
  }

  private async onRemote(remote: SignalDoc | null, remoteUid: string | null): Promise<void> {
    if (!this.joined || this.disposed) return;
    const action = interpretRemote(remote, this.tracker, this.session);
    if (action.kind === "absent") {
      this.remoteDoc = null;
      return;
    }
    if (action.kind === "left") {
      if (this.remoteDoc && !this.remoteDoc.left) this.remoteGone();
      this.remoteDoc = remote;
      return;
    }
    if (!remote || !this.negotiator || !this.peer) return;
    if (action.newSession) {
      if (this.peerUsed) this.renewPeer();
      this.tracker = { ...freshTracker(), session: remote.session };
    }
    this.remoteDoc = remote;
    this.remoteUid = remoteUid;
    const negotiator = this.negotiator;
    negotiator.polite = isPolite(
      { joinedAt: this.ownJoinedAt, uid: this.deps.uid },
      { joinedAt: remote.joinedAt, uid: remoteUid ?? "" },
    );
    if (this.state.phase === "waiting") this.set({ phase: "connecting", remoteLeft: false });
    let ignored = false;
    if (action.description && action.descriptionSeq !== null) {
      this.tracker.handledSeq = action.descriptionSeq;
      this.peerUsed = true;
      const accepted = await negotiator.acceptRemote(action.description);
      ignored = !accepted && action.description.type === "offer";
      this.tracker.ignoredSeq = ignored ? action.descriptionSeq : null;
    }
    if (!ignored) {
      for (const c of action.candidates) {
        this.tracker.seenCandidates.add(c.candidate);
        await negotiator.addCandidate(c);
      }
    }
    // Someone is here now: an offer we held back while alone can go out.
    if (this.heldOffer && this.peer.pc.signalingState === "have-local-offer") {
      const held = this.writer.current;
      this.heldOffer = false;
      this.peerUsed = true;
      this.writer.update({ target: remote.session, candidates: held.candidates, description: held.description }, true);
    }
  }

  /** The other side left or reloaded: start over with a fresh connection for when they return. */
  private remoteGone(): void {
    this.renewPeer();
    this.tracker = freshTracker();
    this.remoteDoc = null;
    this.set({ phase: "waiting", remoteLeft: true, remoteStream: null, chatOpen: false });
  }

  private renewPeer(): void {
    this.everConnected = false;
    this.newPeer();
    this.set({ remoteStream: null, chatOpen: false });
  }

  private onCall(call: CallDoc | null): void {
    if (!call) return this.fail(new CallError("not-found"));
    if (call.status !== "open") {
      this.writer.stop();
      this.signaling.stopListening();
      this.dropPeer();
      this.set({ phase: "ended", problem: "ended", remoteStream: null, chatOpen: false });
    }
  }

  private async explainJoinFailure(err: unknown): Promise<void> {
    // A denied join usually means someone took the last seat or the call ended meanwhile.
    this.joined = false;
    try {
      await this.deps.directory.checkAccess(this.callId, this.deps.uid);
      this.fail(err);
    } catch (reason) {
      this.fail(reason);
    }
  }

  private fail(err: unknown): void {
    if (this.disposed) return;
    const problem = err instanceof CallError ? err.problem : problemFromFirebase(err);
    if (!(err instanceof CallError)) console.warn("call:", err);
    this.writer.stop();
    this.signaling.stopListening();
    this.dropPeer();
    this.set({ phase: "error", problem, remoteStream: null, chatOpen: false });
  }

  private set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}
