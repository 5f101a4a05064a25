/**
 * The Firestore data model shared by the web app, the functions and the tests.
 * Renaming a field here renames it everywhere (firestore.rules must follow by hand).
 *
 * calls/{callId}                 lifecycle state; readable by any signed-in user who knows the id
 * calls/{callId}/signals/{uid}   one participant's signaling state; only participants read it,
 *                                only its owner writes it
 */

export const CALLS = "calls";
export const SIGNALS = "signals";

/** At most this many people hold a seat in a call. */
export const MAX_PARTICIPANTS = 2;

export type CallStatus = "open" | "ended";
export type CallKind = "call" | "room";

/** Timestamps are typed loosely so the web SDK and the Admin SDK types both fit. */
export interface TimestampLike {
  toMillis(): number;
}

export interface CallDoc {
  kind: CallKind;
  status: CallStatus;
  /** uid of the person who created the call (for a room: who first opened it). */
  createdBy: string;
  createdAt: TimestampLike;
  /** uids holding a seat, in the order they took it; at most MAX_PARTICIPANTS. */
  participants: string[];
}

export interface SessionDescriptionData {
  type: "offer" | "answer";
  sdp: string;
  /** Increases with every description this session publishes. */
  seq: number;
}

export interface IceCandidateData {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

/**
 * One participant's signaling state. The owner rewrites it; the other participant listens.
 * `session` is fresh for every page load that joins, so the other side can tell a reloaded page
 * from the one it was talking to and never applies stale offers or candidates.
 */
export interface SignalDoc {
  session: string;
  /** Server time of this session's join: the later joiner is the impolite peer. */
  joinedAt: TimestampLike | null;
  /** The session this description answers, or null for an offer to whoever is there. */
  target: string | null;
  description: SessionDescriptionData | null;
  /** The candidates gathered for `description`'s ICE session, in gathering order. */
  candidates: IceCandidateData[];
  /** True once the person hung up or closed the page. */
  left: boolean;
  updatedAt: TimestampLike | null;
}

/** Limits the security rules enforce, mirrored here so clients never send what would be denied. */
export const LIMITS = {
  sessionMinLength: 8,
  sessionMaxLength: 64,
  sdpMaxLength: 60_000,
  maxCandidates: 64,
  roomNameMaxLength: 100,
} as const;
