import type { ParticipantState, SignalDoc, TimestampLike } from "@firecall/model";
import type { OtherDoc } from "./other-participant.js";
import type { LocalSignal } from "./signal-writer.js";
import type { FirestoreSignaling } from "./signaling.js";
import type { UnloadLeave } from "./unload-leave.js";

/**
 * Presence: taking the seat, the join write, the heartbeat, the leave (on hang-up and on
 * pagehide), and reading the presence fields of both signals documents. Presence lives on the
 * signals documents (`session`, `joinedAt`, `left`, `updatedAt`); everything that knows that is
 * here, so moving presence to a document of its own changes this file only.
 */

/** While the connection to someone who is here is down, both pages write this often. */
export const FAST_HEARTBEAT_MS = 5000;
/** ...for at most this long per outage: someone silent for that long is not coming back soon. */
export const FAST_HEARTBEAT_WINDOW_MS = 60_000;
const TICK_MS = 1000;

export interface HeartbeatInput {
  now: number;
  lastBeatAt: number;
  heartbeatMs: number;
  /** Since when the connection to the other person has been down while they are here; else null. */
  linkDownSince: number | null;
}

/**
 * Whether to write a heartbeat now. Normally every `heartbeatMs`; while the connection to a person
 * who is here is down, every FAST_HEARTBEAT_MS for a while, so each side learns within seconds
 * whether the other is still there (other-participant.ts decides from that).
 */
export function heartbeatDue(h: HeartbeatInput): boolean {
  const fast = h.linkDownSince !== null && h.now - h.linkDownSince <= FAST_HEARTBEAT_WINDOW_MS;
  return h.now - h.lastBeatAt >= (fast ? FAST_HEARTBEAT_MS : h.heartbeatMs);
}

/** What our own document says about this page. */
export type OwnVerdict =
  | { kind: "nothing" }
  | { kind: "mine"; joinedAt: TimestampLike | null }
  /** Another tab (or a reload) of the same person wrote its own session over ours. */
  | { kind: "replaced" }
  /** The server marked this session gone after a silence (a frozen tab, a laptop that slept, a long outage). */
  | { kind: "counted-gone" };

export function ownVerdict(
  own: SignalDoc | null,
  mySession: string,
  seenMine: boolean,
  confirmed: boolean,
): OwnVerdict {
  if (!own) return { kind: "nothing" };
  if (own.session !== mySession) return seenMine ? { kind: "replaced" } : { kind: "nothing" };
  if (own.left) return { kind: "counted-gone" };
  // Only the server's join time: both sides must reach the same politeness verdict.
  return { kind: "mine", joinedAt: confirmed ? own.joinedAt : null };
}

/** The presence fields of the other participant's document. */
export function otherDoc(remote: SignalDoc | null): OtherDoc | null {
  if (!remote) return null;
  return {
    session: remote.session,
    left: remote.left,
    cleared: remote.description === null,
    updatedAtMs: remote.updatedAt?.toMillis() ?? null,
  };
}

export interface PresenceOptions {
  callId: string;
  uid: string;
  session: string;
  heartbeatMs: number;
  unloadLeave?: UnloadLeave;
  /** Every TICK_MS while joined: the rest of the call looks at the time too. */
  onTick(now: number): void;
  /** Since when the connection to someone who is here has been down; null when not. */
  linkDownSince(): number | null;
  onError(err: unknown): void;
}

export class Presence {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastBeatAt = 0;

  constructor(
    private readonly signaling: FirestoreSignaling,
    private readonly options: PresenceOptions,
  ) {}

  /** Takes a free seat. The rules allow it only while a seat is free and the call is open. */
  claimSeat(): Promise<void> {
    return this.signaling.claimSeat();
  }

  /** The join: this session's first signal (left: false, a fresh join time), then the heartbeat. */
  async join(signal: LocalSignal): Promise<void> {
    await this.signaling.publishFirst(signal);
    this.lastBeatAt = Date.now();
    void this.options.unloadLeave?.refreshToken();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Writes a heartbeat now (after a resume: the timers may have slept through several). */
  beat(): void {
    if (this.timer === undefined) return;
    this.lastBeatAt = Date.now();
    this.signaling.touch().catch((err: unknown) => this.options.onError(err));
    void this.options.unloadLeave?.refreshToken(); // ID tokens last an hour; keep one fresh
  }

  private tick(): void {
    const now = Date.now();
    const due = heartbeatDue({
      now,
      lastBeatAt: this.lastBeatAt,
      heartbeatMs: this.options.heartbeatMs,
      linkDownSince: this.options.linkDownSince(),
    });
    if (due) this.beat();
    this.options.onTick(now);
  }

  /** Hang-up: stops the heartbeat and says `left` (signaling cleared) in our document. */
  async leave(participant: ParticipantState): Promise<void> {
    this.stop();
    await this.signaling.write({ target: null, description: null, candidates: [], left: true, participant });
  }

  /** For pagehide: a leave that outlives the page (see unload-leave.ts). */
  leaveOnUnload(): void {
    const { unloadLeave, callId, uid, session } = this.options;
    unloadLeave?.send(callId, uid, session);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
