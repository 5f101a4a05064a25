import { isTerminal, reasonOf, type CallDoc, type ParticipantState, type SignalDoc } from "@firecall/model";
import { isHostOf, type CallDetails } from "./call-directory.js";
import { atStart, enterCall, localSignalReady } from "./call-entry.js";
import { CallError, endedProblem, problemFromFirebase } from "./call-errors.js";
import { describeParts, listenToCall, wireCall, type CallClientDeps, type CallParts } from "./call-parts.js";
import { callInfo } from "./call-info.js";
import { CallStateStore, type CallState } from "./call-state.js";
import type { MediaKind } from "./peer.js";
import { ownVerdict } from "./presence.js";
import { randomId } from "./sdp.js";

export type { CallPhase, CallState, ChatEntry } from "./call-state.js";
export type { CallClientDeps } from "./call-parts.js";
export type { MediaKind } from "./peer.js";

/**
 * One person's side of a call, wiring the parts together: the call-state store (what the UI
 * reads), presence (seat, heartbeat, leave), the peer session (connection and negotiation), the
 * tracker of the other participant, our own connectivity, and the chat channel.
 */
export class CallClient {
  readonly session = randomId();
  /** performance.now() of the first time each step happened: diagnostics for the benchmark. */
  readonly marks: Record<string, number> = {};
  readonly store = new CallStateStore();
  /** True once this page waited in the lobby: it then joins by itself when the call opens. */
  waitedInLobby = false;
  private readonly parts: CallParts;
  private ownSeen = false;
  /** Title and host, readable once seated (the call document shows only what to take a seat). */
  private details: CallDetails | null = null;
  /** The call document as last read, so the details can be applied to it once they arrive. */
  private lastCall: CallDoc | null = null;
  /** Our join time as the server stored it; null until confirmed (an estimate could differ). */
  private ownJoinedAt: SignalDoc["joinedAt"] = null;
  private disposed = false;
  private readonly lifetime = new AbortController();

  constructor(
    private readonly deps: CallClientDeps,
    readonly callId: string,
  ) {
    this.parts = wireCall(deps, callId, this.session, this.store, {
      onFailure: (err) => void this.explainFailure(err),
      onStalled: (problem, everConnected) => this.onStalled(problem, everConnected),
      mark: (name) => this.mark(name),
      ownJoinedAt: () => this.ownJoinedAt,
      disposed: () => this.disposed,
    });
  }

  get snapshot(): CallState {
    return this.store.snapshot;
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.parts.peer.pc;
  }

  /** The other participant's (anonymous) user id while they are here. */
  get remoteUid(): string | null {
    return this.parts.remote.uid;
  }

  subscribe(listener: (s: CallState) => void): () => void {
    return this.store.subscribe(listener);
  }

  /**
   * Everything that can happen before Join is pressed: check the call, take the seat, start the
   * camera, read the other side's signaling and prepare the peer connection. If the other person
   * is waiting with an offer, the answer is made here, so Join only has to publish it.
   * `startMedia` starts the camera and microphone (and gives their tracks with `setOutgoing`); it
   * is called once the call may be entered, never in the lobby of a call that has not started.
   */
  async prepare(startMedia: () => Promise<void>): Promise<void> {
    let media: Promise<void> | null = null;
    const mediaReady = () => (media ??= startMedia().catch((err: unknown) => console.warn("media:", err)));
    try {
      // Taking the seat and starting the camera overlap: neither waits for the other.
      const entry = await enterCall(this.deps.db, this.deps.directory, this.callId, this.deps.uid, {
        onCall: (call) => this.noteCall(call),
        onDetails: (details) => ((this.details = details), this.noteCall(this.lastCall)),
        onLobby: (serverOffsetMs) => this.store.set({ phase: "lobby", serverOffsetMs }),
        onEnter: () => void mediaReady(),
        claimSeat: () => this.parts.presence.claimSeat(),
        signal: this.lifetime.signal,
      });
      await mediaReady();
      this.waitedInLobby = entry.waitedInLobby;
      if (this.disposed) return;
      if (entry.waitedInLobby) this.store.set({ phase: "checking" });
      // The relay credential needs the seat; it is fetched while the listeners start.
      await Promise.all([this.parts.ice.load(), this.startListening()]);
    } catch (err) {
      await this.explainFailure(err);
      return;
    }
    const phase = this.store.snapshot.phase;
    if (this.disposed || phase === "error" || phase === "ended") return;
    this.parts.health.watch();
    this.parts.peer.open(!this.parts.remote.offerWaiting());
    this.parts.remote.follow();
    await this.parts.remote.settled();
    if (this.store.snapshot.phase === "checking") this.store.set({ phase: "ready" });
  }

  /** Ends the call for everyone (creator only); the call document's change then ends this page. */
  async endForEveryone(): Promise<void> {
    this.store.set({ actionError: null });
    try {
      await this.deps.directory.endCall(this.callId);
    } catch (err) {
      this.store.set({ actionError: reasonOf(err) === "not_host" ? "end-denied" : "end-failed" });
    }
  }

  /** Publishes the prepared offer or answer with its candidates in one write, and lets ICE start. */
  async join(): Promise<void> {
    if (this.store.snapshot.phase !== "ready" || this.parts.peer.joined || this.disposed) return;
    this.mark("joinPressed");
    const joinPressedAt = performance.now();
    // From here on we negotiate as a joined peer (politeness by join time).
    this.parts.peer.joined = true;
    await localSignalReady(this.parts);
    const sent = this.parts.writer.current;
    const joined = atStart(() => this.parts.presence.join(sent), this.waitedInLobby, this.lifetime.signal);
    // The call screen is drawn in the next task: its render in this one would hold the write back.
    const ready = () => this.store.snapshot.phase === "ready";
    setTimeout(() => this.store.set(ready() ? { phase: "joining", joinPressedAt } : { joinPressedAt }));
    try {
      await joined;
    } catch (err) {
      this.parts.peer.joined = false;
      await this.explainFailure(err);
      return;
    }
    this.mark("joinCommitted");
    if (this.parts.writer.current === sent) this.parts.writer.markWritten();
    this.parts.writer.start();
    // Connectivity checks start once our answer is stored: checks that reach the other side
    // before its remote description can leave its ICE agent waiting on a half-known peer.
    await this.parts.peer.release();
    this.parts.remote.linkExpected();
    this.parts.health.refreshPhase();
  }

  /** Sends another track of a kind (another device, a screen share) or none: no renegotiation. */
  setOutgoing(kind: MediaKind, track: MediaStreamTrack | null): Promise<void> {
    return this.parts.peer.setOutgoing(kind, track);
  }

  /** What the other person sees about us: name, microphone, camera, screen share. */
  setParticipant(state: ParticipantState): void {
    this.parts.participant.setLocal(state);
  }

  sendChat(text: string): boolean {
    const entry = this.parts.chat.send(text);
    if (entry) this.store.set({ messages: [...this.store.snapshot.messages, entry] });
    return entry !== null;
  }

  /** Leaves the call: tells the other side at once over the channel, and reliably via Firestore. */
  async hangUp(): Promise<void> {
    if (!this.parts.peer.joined || this.store.snapshot.phase === "left") return;
    this.parts.chat.sendBye();
    this.parts.peer.joined = false;
    this.stopAll();
    this.store.set({ phase: "left", remoteStream: null, chatOpen: false });
    try {
      await this.parts.presence.leave(this.parts.participant.current);
    } catch {
      // The other side still learns from the channel's bye; nothing more to do here.
    }
  }

  /** For pagehide: best effort, synchronous start of the same as hangUp. */
  leaveOnUnload(): void {
    if (!this.parts.peer.joined) return;
    this.parts.presence.leaveOnUnload();
    void this.hangUp();
  }

  dispose(): void {
    this.disposed = true;
    this.lifetime.abort();
    this.stopAll();
    this.store.clear();
  }

  /** For tests: what this page believes, to explain a failure. */
  diagnostics(): Record<string, unknown> {
    const { uid } = this.deps;
    return {
      uid,
      session: this.session,
      phase: this.store.snapshot.phase,
      ...describeParts(this.parts),
      marks: this.marks,
    };
  }

  private startListening(): Promise<void> {
    return listenToCall(this.parts, {
      onCall: (call) => this.onCall(call),
      onOwn: (own, confirmed) => this.onOwn(own, confirmed),
      onLaterError: (err) => this.fail(err),
    });
  }

  private onStalled(problem: "relay" | "unreachable", everConnected: boolean): void {
    if (everConnected) return; // a call that was up keeps trying: presence says who is missing
    if (problem === "relay") return this.fail(new CallError("relay"));
    if (this.parts.health.blameNetworks()) this.fail(new CallError("unreachable"));
  }

  // --- the call and our own document ----------------------------------------------------------
  private onCall(call: CallDoc | null): void {
    if (!call) return this.fail(new CallError("not-found"));
    this.noteCall(call);
    if (!isTerminal(call.status)) return;
    const byMe = call.endReason === "ended_by_host" && isHostOf(this.details, this.deps.uid);
    this.stopAll();
    const problem = byMe ? "ended-by-you" : endedProblem(call.status, call.endReason, true);
    this.store.set({ phase: "ended", problem, remoteStream: null, chatOpen: false });
  }

  private noteCall(call: CallDoc | null): void {
    this.lastCall = call;
    if (call) this.store.set({ call: callInfo(call, this.details, this.deps.uid) });
  }

  private onOwn(own: SignalDoc | null, confirmed: boolean): void {
    const verdict = ownVerdict(own, this.session, this.ownSeen, confirmed);
    if (verdict.kind === "mine") {
      this.ownSeen = true;
      this.ownJoinedAt ??= verdict.joinedAt;
    } else if (verdict.kind === "replaced" && this.parts.peer.joined) {
      this.parts.peer.joined = false; // so neither hangUp nor pagehide writes `left` over the new tab's document
      this.fail(new CallError("replaced"));
    } else if (verdict.kind === "counted-gone") this.countedGone();
  }

  /** The server counted us gone while we were still here: join afresh, as a reload would. */
  private countedGone(): void {
    if (!this.parts.peer.joined || this.disposed) return;
    this.parts.peer.joined = false;
    this.stopAll();
    this.store.set({ phase: "resuming", remoteStream: null, chatOpen: false });
  }

  private stopAll(): void {
    this.parts.presence.stop();
    this.parts.writer.stop();
    this.parts.signaling.stopListening();
    this.parts.health.close();
    this.parts.chat.detach();
    this.parts.peer.close();
  }

  private async explainFailure(err: unknown): Promise<void> {
    const phase = this.store.snapshot.phase;
    // After a hang-up a write still in flight may be refused: nothing to explain.
    if (this.disposed || phase === "ended" || phase === "left") return;
    if (err instanceof CallError) return this.fail(err);
    if ((err as { name?: unknown } | null)?.name === "AbortError") return;
    try {
      const own = problemFromFirebase(err) === "permission" ? await this.parts.signaling.readOwn() : null;
      // A refused write from a page the server counted gone: rejoin, no error.
      if (own?.session === this.session && own.left) return this.countedGone();
      // Refused because another tab (or a reload) of ours took the document: say so.
      if (own && own.session !== this.session && this.ownSeen) return this.onOwn(own, true);
      // Otherwise someone took the last seat or the call ended meanwhile: say which.
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
    this.store.set({ phase: "error", problem, remoteStream: null, chatOpen: false });
  }

  private mark(name: string): void {
    this.marks[name] ??= performance.now();
    if (name === "iceRestart") this.marks.iceRestarts = (this.marks.iceRestarts ?? 0) + 1;
  }
}
