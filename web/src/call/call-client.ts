import type { Firestore } from "firebase/firestore";
import {
  HEARTBEAT_INTERVAL_MS,
  isTerminal,
  LIMITS,
  type CallDoc,
  type IceCandidateData,
  type SignalDoc,
  type TimestampLike,
} from "@firecall/model";
import { parseChannelMessage, type ChannelMessage, CHAT_MAX_LENGTH } from "./chat-protocol.js";
import { callableMessage, isHostOf, type CallDetails, type CallDirectory } from "./call-directory.js";
import { CallError, endedProblem, problemFromFirebase, type CallProblem } from "./call-errors.js";
import { ConnectionWatchdog } from "./connection-watchdog.js";
import { chooseIceServers } from "./ice-servers.js";
import { waitForStart } from "./lobby.js";
import type { UnloadLeave } from "./unload-leave.js";
import { PerfectNegotiator } from "./negotiator.js";
import { closePeer, createPeer, type Peer } from "./peer.js";
import { freshTracker, interpretRemote, isPolite, type RemoteTracker } from "./remote-signal.js";
import { iceUfrag, randomId } from "./sdp.js";
import { ServerClock } from "./server-clock.js";
import { SignalWriter } from "./signal-writer.js";
import { FirestoreSignaling } from "./signaling.js";

export type CallPhase =
  | "checking" // reading the call document
  | "lobby" // a scheduled call that has not started: counting down
  | "ready" // may join; camera and peer connection prepared
  | "joining"
  | "waiting" // joined, the other person is not here
  | "connecting"
  | "connected"
  | "reconnecting"
  | "left" // we hung up
  | "resuming" // the server counted us gone (we were silent too long): the page joins afresh
  | "ended" // the call itself is over
  | "error";

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ChatEntry {
  id: string;
  from: "me" | "them";
  text: string;
  sentAt: number;
}

/** What the page shows about the call itself. */
export interface CallInfo {
  status: CallDoc["status"];
  startsAtMs: number;
  title: string | null;
  /** Whether this person created the call (and so may end it for everyone). */
  isCreator: boolean;
}

export interface CallState {
  phase: CallPhase;
  call: CallInfo | null;
  /** Server clock minus this device's clock, for the lobby's countdown. */
  serverOffsetMs: number;
  /** Why the last action (ending the call) failed, in words. */
  actionError: string | null;
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
  /** STUN used when the getIceServers function cannot be reached. */
  iceServers: RTCIceServer[];
  /** Leave out STUN servers (see AppConfig.stunOff). */
  stunOff?: boolean;
  /** Leave out TURN servers (see AppConfig.turnOff). */
  turnOff?: boolean;
  /** Relay-only: iceTransportPolicy "relay". */
  relayOnly?: boolean;
  /** Sends the leave on pagehide in a way that outlives the page. */
  unloadLeave?: UnloadLeave;
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
  /** performance.now() of the first time each step happened: diagnostics for the benchmark. */
  readonly marks: Record<string, number> = {};
  private state: CallState = {
    phase: "checking",
    call: null,
    serverOffsetMs: 0,
    actionError: null,
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
  private watchdog: ConnectionWatchdog | null = null;
  /** From getIceServers (with a TURN credential) once fetched; the configured STUN until then. */
  private iceServers: RTCIceServer[];
  /** Unix seconds when the TURN credential expires. */
  private iceExpiresAt: number | null = null;
  /** Our own session's document was seen: from then on another session there means another tab took over. */
  private ownSeen = false;
  private local: MediaStream | null = null;
  private joined = false;
  private disposed = false;
  /** Whether the current peer connection is tied to the remote session it negotiated with. */
  private peerUsed = false;
  private everConnected = false;
  private localSeq = 0;
  private localUfrag: string | null = null;
  private firstLocalDescription: Promise<void>;
  private resolveFirstLocalDescription: () => void = () => {};
  private tracker: RemoteTracker = freshTracker();
  /** The other participant's document while they are here; null when absent or gone. */
  private remoteDoc: SignalDoc | null = null;
  /** Remote sessions that said goodbye: their documents may lag behind, but they never return. */
  private goneSessions = new Set<string>();
  private latestRemote: { remote: SignalDoc | null; uid: string | null } | null = null;
  /** Our join time as the server stored it; null until confirmed (an estimate could differ). */
  private ownJoinedAt: TimestampLike | null = null;
  private queue: Promise<void> = Promise.resolve();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly lifetime = new AbortController();
  /** True once this page waited in the lobby: it then joins by itself when the call opens. */
  waitedInLobby = false;
  /** Title and host, readable once seated (the call document shows only what it takes to get a seat). */
  private details: CallDetails | null = null;

  constructor(
    private readonly deps: CallClientDeps,
    readonly callId: string,
  ) {
    this.signaling = new FirestoreSignaling(deps.db, callId, deps.uid, this.session);
    this.writer = new SignalWriter(this.signaling, {
      candidateDelayMs: deps.candidateDelayMs ?? 40,
      // A denied write usually means the call just ended: say that, not "not allowed".
      onError: (err) => void this.explainFailure(err),
    });
    this.firstLocalDescription = new Promise((resolve) => (this.resolveFirstLocalDescription = resolve));
    this.iceServers = chooseIceServers(null, deps.iceServers, this.iceFilter());
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

  /**
   * Everything that can happen before Join is pressed: check the call, take the seat, start the
   * camera, read the other side's signaling and prepare the peer connection. If the other person
   * is waiting with an offer, the answer is made here, so Join only has to publish it.
   */
  async prepare(local: Promise<MediaStream | null>): Promise<void> {
    try {
      // Reading the call and starting the camera overlap: neither waits for the other.
      const [access, stream] = await Promise.all([this.deps.directory.checkAccess(this.callId, this.deps.uid), local]);
      this.local = stream;
      this.details = access.details;
      this.noteCall(access.call);
      if (access.call.status === "scheduled") await this.waitInLobby(access.call);
      if (this.disposed) return;
      if (!access.seated) await this.atStart(() => this.signaling.claimSeat());
      if (this.disposed) return;
      this.details ??= await this.deps.directory.details(this.callId);
      // The relay credential needs the seat; it is fetched while the listeners start.
      await Promise.all([this.loadIceServers(), this.startListening()]);
    } catch (err) {
      await this.explainFailure(err);
      return;
    }
    if (this.disposed || this.state.phase === "error" || this.state.phase === "ended") return;
    this.newPeer(!this.remoteOfferWaiting());
    this.enqueueLatestRemote();
    await this.queue;
    if (this.state.phase === "checking") this.set({ phase: "ready" });
  }

  /**
   * Before a scheduled call's start: show the countdown (in server time) and wait until it may be
   * joined. The rules decide by server time, so a device with a wrong clock cannot get in early.
   */
  private async waitInLobby(call: CallDoc): Promise<void> {
    const clock = await ServerClock.measure(() => this.deps.directory.serverNow());
    const startsAtMs = call.startsAt.toMillis();
    if (startsAtMs <= clock.now()) return; // started; the sweep has not yet marked it open
    this.waitedInLobby = true;
    this.set({ phase: "lobby", serverOffsetMs: clock.offset });
    await waitForStart(this.deps.db, this.callId, startsAtMs, clock, this.lifetime.signal, (c) => this.noteCall(c));
    if (!this.disposed) this.set({ phase: "checking" });
  }

  /**
   * A write that the rules allow only once the call has started: right after a lobby, retried
   * briefly in case our estimate of the server's clock ran a little early.
   */
  private async atStart(write: () => Promise<void>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await write();
        return;
      } catch (err) {
        const denied = problemFromFirebase(err) === "permission";
        if (!this.waitedInLobby || !denied || attempt >= 5 || this.disposed) throw err;
        await delay(500);
      }
    }
  }

  /** Ends the call for everyone (creator only); the call document's change then ends this page. */
  async endForEveryone(): Promise<void> {
    this.set({ actionError: null });
    try {
      await this.deps.directory.endCall(this.callId);
    } catch (err) {
      this.set({ actionError: callableMessage(err, "Could not end the call. Check your connection and try again.") });
    }
  }

  /** Publishes the prepared offer or answer with its candidates in one write, and lets ICE start. */
  async join(): Promise<void> {
    if (this.state.phase !== "ready" || this.disposed) return;
    this.mark("joinPressed");
    this.set({ phase: "joining", joinPressedAt: performance.now() });
    // From here on we negotiate as a joined peer (politeness by join time). A remote offer that
    // was being answered under the join screen's rules finishes first, so we publish its result.
    this.joined = true;
    // Normally long done while the person looked at the join screen; bounded for auto-joins.
    await Promise.race([Promise.all([this.queue, this.firstLocalDescription]), delay(2000)]);
    const sent = this.writer.current;
    try {
      await this.atStart(() => this.signaling.publishFirst(sent));
    } catch (err) {
      this.joined = false;
      await this.explainFailure(err);
      return;
    }
    this.mark("joinCommitted");
    if (this.writer.current === sent) this.writer.markWritten();
    this.writer.start();
    this.startHeartbeat();
    void this.deps.unloadLeave?.refreshToken();
    // Connectivity checks start once our answer is stored: checks that reach the other side
    // before its remote description can leave its ICE agent waiting on a half-known peer.
    await this.negotiator?.release();
    if (this.remotePresent()) this.watchdog?.arm();
    // The state may have moved on while we awaited (connected already, or failed).
    if ((this.state.phase as CallPhase) === "joining")
      this.set({ phase: this.remotePresent() ? "connecting" : "waiting" });
  }

  private startListening(): Promise<void> {
    return new Promise((resolve, reject) => {
      let first = true;
      this.signaling.listen({
        onCall: (call) => this.onCall(call),
        onOwn: (own, confirmed) => this.onOwn(own, confirmed),
        onRemote: (remote, uid) => {
          this.latestRemote = { remote, uid };
          if (first) {
            first = false;
            resolve();
          } else this.enqueueLatestRemote();
        },
        onError: (err) => {
          if (first) reject(err);
          else this.fail(err);
        },
      });
    });
  }

  private enqueueLatestRemote(): void {
    this.enqueue(async () => {
      const latest = this.latestRemote;
      if (latest) await this.onRemote(latest.remote, latest.uid);
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
    this.stopHeartbeat();
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
    this.deps.unloadLeave?.send(this.callId, this.deps.uid, this.session);
    void this.hangUp();
  }

  dispose(): void {
    this.disposed = true;
    this.lifetime.abort();
    this.stopHeartbeat();
    this.writer.stop();
    this.signaling.stopListening();
    this.dropPeer();
    this.listeners.clear();
  }

  // --- peer connection ---------------------------------------------------------------------

  /** Whether the latest remote document holds an offer we will answer (so we need not offer). */
  private remoteOfferWaiting(): boolean {
    const latest = this.latestRemote;
    if (!latest || (latest.remote && this.goneSessions.has(latest.remote.session))) return false;
    const action = interpretRemote(latest.remote, this.tracker, this.session);
    return action.kind === "present" && action.description?.type === "offer";
  }

  private iceFilter(): { stunOff: boolean; turnOff: boolean } {
    return { stunOff: !!this.deps.stunOff, turnOff: !!this.deps.turnOff };
  }

  private rtcConfiguration(): RTCConfiguration {
    return { iceServers: this.iceServers, iceTransportPolicy: this.deps.relayOnly ? "relay" : "all" };
  }

  /** Asks the functions for ICE servers; on failure keeps the configured STUN (calls still work on most networks). */
  private async loadIceServers(): Promise<void> {
    try {
      const result = await this.deps.directory.iceServers(this.callId);
      this.iceServers = chooseIceServers(result.iceServers, this.deps.iceServers, this.iceFilter());
      this.iceExpiresAt = result.expiresAt;
    } catch (err) {
      console.warn("no relay servers, using STUN only:", err);
    }
  }

  /** The offering (impolite) side restarts ICE; the new offer travels like any renegotiation. */
  private async restartIce(peer: Peer): Promise<void> {
    if (peer !== this.peer || !this.joined || !this.negotiator || this.negotiator.polite) return;
    // A credential that expires during a long call is renewed before it is needed again.
    if (this.iceExpiresAt !== null && this.iceExpiresAt * 1000 < Date.now() + 60_000) {
      await this.loadIceServers();
      if (peer !== this.peer) return;
      peer.pc.setConfiguration(this.rtcConfiguration());
    }
    this.mark("iceRestart");
    this.marks.iceRestarts = (this.marks.iceRestarts ?? 0) + 1; // a count, for tests and the benchmark
    peer.pc.restartIce();
  }

  private newPeer(willOffer: boolean): void {
    this.dropPeer();
    const peer = createPeer(this.rtcConfiguration(), this.local, willOffer);
    this.peer = peer;
    this.watchdog = new ConnectionWatchdog(peer.pc, !!this.deps.relayOnly, {
      onRestart: () => void this.restartIce(peer),
      onGiveUp: (problem) => {
        // A call that was up and could not be restored is "lost", not "your networks block it".
        const lost = problem === "unreachable" && this.everConnected;
        if (peer === this.peer) this.fail(new CallError(lost ? "lost" : problem));
      },
    });
    if (this.joined && this.remotePresent()) this.watchdog.arm();
    this.peerUsed = false;
    this.localUfrag = null;
    this.writer.hold({ candidates: [] });
    const remoteStream = new MediaStream();
    this.negotiator = new PerfectNegotiator(peer.pc, {
      onLocalDescription: (d) => this.onLocalDescription(peer, d),
      onError: (err) => console.warn("negotiation:", err),
    });
    if (this.joined) void this.negotiator.release();
    peer.pc.onicecandidate = (e) => this.onLocalCandidate(peer, e.candidate);
    peer.pc.ontrack = (e) => {
      this.mark("track");
      remoteStream.addTrack(e.track);
      this.set({ remoteStream });
    };
    peer.pc.onconnectionstatechange = () => this.onConnectionState(peer);
    peer.chat.onopen = () => this.set({ chatOpen: true });
    peer.chat.onclose = () => this.set({ chatOpen: false });
    peer.chat.onmessage = (e) => this.onChannelMessage(e.data);
  }

  private dropPeer(): void {
    this.watchdog?.close();
    this.watchdog = null;
    this.negotiator?.close();
    this.negotiator = null;
    if (this.peer) closePeer(this.peer);
    this.peer = null;
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
    const forRemote = type === "answer" || this.remotePresent();
    if (forRemote) this.peerUsed = true;
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
      this.writer.update({}, true); // gathering done: send what we have now
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
    switch (peer.pc.connectionState) {
      case "connected":
        this.mark("connected");
        this.everConnected = true;
        this.set({ phase: "connected" });
        break;
      case "disconnected":
      case "failed":
        // The watchdog restarts ICE, and gives up after a bounded time.
        this.set({ phase: this.everConnected ? "reconnecting" : "connecting" });
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
    return this.remoteDoc !== null;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => console.warn("signaling:", err));
  }

  private async onRemote(remote: SignalDoc | null, remoteUid: string | null): Promise<void> {
    if (this.disposed || !this.negotiator || !this.peer) return;
    this.mark("remoteSnapshot");
    // A bye over the channel can overtake the goodbye in Firestore: until that lands, the
    // departed session's old document must not be taken for a live one.
    const departed = remote !== null && this.goneSessions.has(remote.session);
    const action = departed ? ({ kind: "left" } as const) : interpretRemote(remote, this.tracker, this.session);
    if (action.kind === "absent") {
      this.remoteDoc = null;
      return;
    }
    if (action.kind === "left") {
      if (this.remoteDoc) this.remoteGone();
      return;
    }
    if (!remote) return;
    // Joined, but our join time not yet confirmed: politeness is undecided, so wait. The snapshot
    // that confirms it delivers this document again (nothing about it is marked handled yet).
    if (this.joined && !this.ownJoinedAt) return;
    if (action.newSession) {
      // A reloaded page (or someone coming back) needs a fresh connection, not our old one.
      if (this.peerUsed) this.renewPeer(action.description?.type !== "offer");
      this.tracker = { ...freshTracker(), session: remote.session };
    }
    this.remoteDoc = remote;
    const negotiator = this.negotiator!;
    // Before Join our offer is unpublished, so we always yield to theirs.
    negotiator.polite =
      !this.joined ||
      isPolite({ joinedAt: this.ownJoinedAt, uid: this.deps.uid }, { joinedAt: remote.joinedAt, uid: remoteUid ?? "" });
    if (this.joined && this.state.phase === "waiting") this.set({ phase: "connecting", remoteLeft: false });
    if (this.joined) this.watchdog?.arm();
    let ignored = false;
    if (action.description && action.descriptionSeq !== null) {
      this.tracker.handledSeq = action.descriptionSeq;
      this.peerUsed = true;
      const accepted = await negotiator.acceptRemote(action.description);
      if (accepted) this.mark(`applied-${action.description.type}`);
      // Our offer to whoever came is taken: say by whom, so a later page load of theirs (or
      // anyone else) never answers an offer that already belongs to a connection.
      if (accepted && action.description.type === "answer" && this.writer.current.target !== remote.session) {
        this.writer.update({ target: remote.session }, false);
      }
      ignored = !accepted && action.description.type === "offer";
      this.tracker.ignoredSeq = ignored ? action.descriptionSeq : null;
    }
    if (!ignored) {
      for (const c of action.candidates) {
        this.tracker.seenCandidates.add(c.candidate);
        await negotiator.addCandidate(c);
      }
    }
  }

  /** The other side left: start over with a fresh connection (and offer) for when they return. */
  private remoteGone(): void {
    if (this.tracker.session) this.goneSessions.add(this.tracker.session);
    this.renewPeer(true);
    this.tracker = freshTracker();
    this.remoteDoc = null;
    if (this.joined) this.set({ phase: "waiting", remoteLeft: true });
  }

  private renewPeer(willOffer: boolean): void {
    this.everConnected = false;
    this.newPeer(willOffer);
    this.set({ remoteStream: null, chatOpen: false });
  }

  private onCall(call: CallDoc | null): void {
    if (!call) return this.fail(new CallError("not-found"));
    this.noteCall(call);
    if (isTerminal(call.status)) {
      const byMe = call.endReason === "ended_by_host" && isHostOf(this.details, this.deps.uid);
      this.stopAll();
      this.set({
        phase: "ended",
        problem: byMe ? "ended-by-you" : endedProblem(call.status, call.endReason, true),
        remoteStream: null,
        chatOpen: false,
      });
    }
  }

  private noteCall(call: CallDoc): void {
    this.set({
      call: {
        status: call.status,
        startsAtMs: call.startsAt.toMillis(),
        title: this.details?.title ?? null,
        isCreator: isHostOf(this.details, this.deps.uid),
      },
    });
  }

  /** Our own document: our join time, whether the server counted us gone, or another tab took over. */
  private onOwn(own: SignalDoc | null, confirmed: boolean): void {
    if (!own) return;
    if (own.session !== this.session) {
      // Another tab (or a reload) of the same person wrote its own session over ours.
      if (this.ownSeen && this.joined) this.replaced();
      return;
    }
    this.ownSeen = true;
    // Only the server's value: both sides must reach the same politeness verdict, and a local
    // estimate of our join time can fall on the other side of theirs when both join at once.
    if (confirmed && own.joinedAt) this.ownJoinedAt ??= own.joinedAt;
    // The sweep marks a page gone after PRESENCE_STALE_MS of silence (a laptop that slept). If we
    // are still here, join afresh rather than sit in a call the other side thinks we left.
    if (own.left && this.joined && !this.disposed) {
      this.joined = false;
      this.stopAll();
      this.set({ phase: "resuming", remoteStream: null, chatOpen: false });
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    this.heartbeat = setInterval(() => {
      this.signaling.touch().catch((err: unknown) => void this.explainFailure(err));
      void this.deps.unloadLeave?.refreshToken(); // ID tokens last an hour; keep one fresh
    }, HEARTBEAT_INTERVAL_MS);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  private stopAll(): void {
    this.stopHeartbeat();
    this.writer.stop();
    this.signaling.stopListening();
    this.dropPeer();
  }

  /** Another tab (or a reload) of the same person took the seat: stop without touching its signals. */
  private replaced(): void {
    this.joined = false; // so neither hangUp nor pagehide writes `left` over the new tab's document
    this.fail(new CallError("replaced"));
  }

  private async explainFailure(err: unknown): Promise<void> {
    if (this.disposed || this.state.phase === "ended") return;
    if (err instanceof CallError) return this.fail(err);
    if ((err as { name?: unknown } | null)?.name === "AbortError") return;
    // A denied write usually means someone took the last seat or the call ended meanwhile.
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
    this.stopAll();
    this.set({ phase: "error", problem, remoteStream: null, chatOpen: false });
  }

  private mark(name: string): void {
    this.marks[name] ??= performance.now();
  }

  private set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }
}
