import type { ParticipantState, SignalDoc, TimestampLike } from "@firecall/model";
import type { CallHealth } from "./call-health.js";
import type { PeerSession } from "./peer-session.js";
import { otherDoc } from "./presence.js";
import { isPolite } from "./remote-signal.js";

export interface Me {
  session: string;
  uid: string;
  /** Our join time as the server stored it; null until confirmed. */
  joinedAt(): TimestampLike | null;
  disposed(): boolean;
  /** What their document says about them (name, microphone, camera, screen share). */
  onParticipant(state: ParticipantState): void;
}

/**
 * Follows the other participant's signals document: tells the health tracker about its presence
 * at once, and hands its signaling to the peer session one snapshot at a time, in order.
 */
export class RemoteFollower {
  private latest: { remote: SignalDoc | null; uid: string | null } | null = null;
  /** Remote sessions that said goodbye: their documents may lag behind, but they never return. */
  private readonly gone = new Set<string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly peer: PeerSession,
    private readonly health: CallHealth,
    private readonly me: Me,
  ) {}

  /** The other participant's user id while their signals document exists. */
  get uid(): string | null {
    return this.latest?.remote ? this.latest.uid : null;
  }

  /** A snapshot of their document; the first one (on the join screen) is applied by `follow`. */
  receive(remote: SignalDoc | null, uid: string | null, first: boolean): void {
    this.latest = { remote, uid };
    // Presence reads the document as it is: a goodbye on the channel was already told (bye).
    this.health.doc(otherDoc(remote));
    // A page that left keeps its last state here: "Sam left the call" still has the name.
    if (remote && !remote.left) this.me.onParticipant(remote.participant);
    if (!first) this.follow();
  }

  /** Applies the latest snapshot (queued behind earlier ones). */
  follow(): void {
    this.enqueue(() => this.apply());
  }

  /** Resolves once everything received so far is applied. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Whether their document holds an offer we will answer (so we need not make one). */
  offerWaiting(): boolean {
    return this.peer.offerWaiting(this.live(), this.me.session);
  }

  /** They said goodbye on the data channel: it can overtake their `left` in Firestore. */
  bye(): void {
    this.enqueue(async () => {
      this.health.bye();
      this.gone.add(this.peer.talkingTo ?? "");
      this.peer.forget();
    });
  }

  /** Joined with someone here: a connection is expected from now on, until it is up. */
  linkExpected(): void {
    if (this.peer.joined && this.peer.talkingTo && this.health.link !== "up") this.health.setLink("down");
  }

  describe(): Record<string, unknown> {
    return { talkingTo: this.peer.talkingTo, gone: [...this.gone] };
  }

  /** Their document, unless its session said goodbye (then it is as good as left). */
  private live(): SignalDoc | null {
    const remote = this.latest?.remote ?? null;
    return remote && this.gone.has(remote.session) ? { ...remote, left: true, description: null } : remote;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => console.warn("signaling:", err));
  }

  private async apply(): Promise<void> {
    if (this.me.disposed() || !this.peer.isOpen) return;
    const remote = this.live();
    const action = this.peer.interpret(remote, this.me.session);
    if (action.kind === "absent") this.peer.talkingTo = null;
    if (action.kind === "left" && this.peer.talkingTo) {
      // They left or the server counted them gone: a fresh offer for whoever comes.
      this.gone.add(this.peer.talkingTo);
      this.peer.forget();
    }
    if (action.kind !== "present" || !remote) return;
    // Joined, but our join time not yet confirmed: politeness is undecided, so wait. The snapshot
    // that confirms it delivers this document again (nothing about it is marked handled yet).
    const joinedAt = this.me.joinedAt();
    if (this.peer.joined && !joinedAt) return;
    const theirs = { joinedAt: remote.joinedAt, uid: this.latest?.uid ?? "" };
    const polite = !this.peer.joined || isPolite({ joinedAt, uid: this.me.uid }, theirs);
    await this.peer.apply(remote, action, polite);
    this.linkExpected();
  }
}
