/**
 * The Firestore data model shared by the web app, the functions and the tests.
 * Renaming a field here renames it everywhere (firestore.rules must follow by hand).
 *
 * A call is three documents, one per audience (see README, "Security model"):
 *
 * callRecords/{callId}             the whole record (CallRecordDoc): lifecycle, owner, the
 *                                  integrating app's fields. Server only: no client reads or
 *                                  writes it. The sweep and the REST API query it.
 * calls/{callId}                   the gate (CallDoc): only what it takes to take a seat. Any
 *                                  signed-in user who knows the id may get it (not list it); a
 *                                  client may only add itself to `participants`.
 * calls/{callId}/private/details   what the call's participants may know (CallDetailsDoc): title,
 *                                  who may end it, the names an app gave. Only participants get it.
 * calls/{callId}/signals/{uid}     one participant's signaling (StoredSignalDoc); only participants
 *                                  read it, only its owner writes it.
 *
 * The functions write the record and keep the gate and the details in step with it in the same
 * transaction (functions/src/store/call-store.ts); clients write only seats and signals. The
 * collections' names are in collections.ts.
 */

/** At most this many people hold a seat in a call. */
export const MAX_PARTICIPANTS = 2;

/**
 * scheduled → open → ended | expired, or scheduled → cancelled. Only Cloud Functions change it
 * (the rules let a client only take a seat). A scheduled call opens when the first person joins
 * after its start (or at the next sweep); ending it after its start is `ended`, never `cancelled`.
 */
export const CALL_STATUSES = ["scheduled", "open", "ended", "expired", "cancelled"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
export type CallKind = "call" | "room";
/** Why a call is over: the creator ended it, everyone stayed away, or it was called off before it began. */
export type EndReason = "ended_by_host" | "expired" | "cancelled";

/** Statuses a call never leaves. */
export const TERMINAL_STATUSES: readonly CallStatus[] = ["ended", "expired", "cancelled"];

export function isTerminal(status: CallStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Timestamps are typed loosely so the web SDK and the Admin SDK types both fit. */
export interface TimestampLike {
  toMillis(): number;
}

/**
 * Whether people may be in the call at `nowMs`: it is open, or it is scheduled and its start has
 * come (the first join or the sweep marks it open a moment later). The rules' `joinable()`.
 */
export function isJoinable(call: { status: CallStatus; startsAtMs: number }, nowMs: number): boolean {
  return call.status === "open" || (call.status === "scheduled" && nowMs >= call.startsAtMs);
}

/** calls/{callId}: the gate. Everything here is visible to anyone signed in who has the id. */
export interface CallDoc {
  status: CallStatus;
  /** When people may join: the creation time for a call made "now". */
  startsAt: TimestampLike;
  /** How it ended, so a page can say so; null until then. */
  endReason: EndReason | null;
  /** uids holding a seat, in the order they took it; at most MAX_PARTICIPANTS. */
  participants: string[];
  /**
   * True while one seat is kept for the holder of the call's host link (calls made through the
   * REST API, until someone opens that link): guests may then fill only the other seat.
   */
  hostSeatReserved: boolean;
}

/** Seats a guest (anyone without the host link) may still take in `call`. */
export function freeGuestSeats(call: Pick<CallDoc, "participants" | "hostSeatReserved">): number {
  return Math.max(0, MAX_PARTICIPANTS - call.participants.length - (call.hostSeatReserved ? 1 : 0));
}

/** calls/{callId}/private/details: for the call's participants only. */
export interface CallDetailsDoc {
  /** Shown in the calendar entry; null when the creator gave none. */
  title: string | null;
  /**
   * The one person who may end the call for everyone: its creator (a room: who first opened it),
   * or, for a call made through the REST API, whoever claimed its host link (null until then).
   */
  hostUid: string | null;
  /** Names an integrating app gave its participants; null otherwise. */
  hostName: string | null;
  guestName: string | null;
}

/** callRecords/{callId}: the whole record, read and written only by the functions. */
export interface CallRecordDoc {
  kind: CallKind;
  status: CallStatus;
  /** uid of the person who created the call (a room: who first opened it); `app:<appId>` for the REST API. */
  createdBy: string;
  createdAt: TimestampLike;
  title: string | null;
  startsAt: TimestampLike;
  /** When the call opened (the first join after its start, or the sweep); null while scheduled. */
  openedAt: TimestampLike | null;
  /** How long the call survives with nobody in it before it expires. */
  emptyTimeoutSeconds: number;
  /**
   * When the call expires unless someone comes (back) first; null while someone is in it.
   * Kept by the functions so the sweep finds due calls with one indexed query.
   */
  expiresAt: TimestampLike | null;
  endedAt: TimestampLike | null;
  endReason: EndReason | null;
  /** Only on calls created through the REST API (functions/src/api): the integrating app's id. */
  appId?: string;
  /** SHA-256 (hex) of the secret in the call's host link; whoever presents the key may claim host. */
  hostKeyHash?: string;
  /** uid of the person who opened the host link: they may end the call like its creator. */
  hostUid?: string | null;
  hostName?: string | null;
  guestName?: string | null;
  /** The app's own small string map (its appointment id, say). */
  metadata?: Record<string, string>;
  /** Increases with every reschedule; the .ics SEQUENCE. */
  sequence?: number;
}

/** Whether `uid` may end the call for everyone: its creator, or whoever claimed its host link. */
export function isHost(call: { createdBy: string; hostUid?: string | null }, uid: string): boolean {
  return call.createdBy === uid || (!!call.hostUid && call.hostUid === uid);
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
 * What a participant shows the other about themselves: the name typed before joining and whether
 * their microphone, camera and screen share are on. It travels on the data channel (fast) and in
 * their signals document (so a page that loads later, or reloads, shows it right). Untrusted on
 * the other side: decoded with signal-codec.ts, bounded by LIMITS and the rules.
 */
export interface ParticipantState {
  /** The name typed before joining (trimmed, a label: see plain-text.ts); null when none was given. */
  displayName: string | null;
  micOn: boolean;
  cameraOn: boolean;
  screenSharing: boolean;
}

/** What a participant who never said otherwise is taken to be: no name, microphone and camera on. */
export const DEFAULT_PARTICIPANT_STATE: ParticipantState = {
  displayName: null,
  micOn: true,
  cameraOn: true,
  screenSharing: false,
};

/**
 * One participant's signaling state, as the client uses it once decoded (signal-codec.ts). The
 * owner rewrites it; the other participant listens. `session` is fresh for every page load that
 * joins, so the other side can tell a reloaded page from the one it was talking to and never
 * applies stale offers or candidates.
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
  /**
   * Name, microphone, camera, screen share. Stored as the flat fields `displayName`, `micOn`,
   * `cameraOn`, `screenSharing` (each optional: a writer that never set them is taken as
   * DEFAULT_PARTICIPANT_STATE).
   */
  participant: ParticipantState;
}

/**
 * calls/{callId}/signals/{uid} as stored: like SignalDoc, but the candidates are one string of
 * lines (see signal-codec.ts), because security rules cannot look inside the items of a list and
 * can bound and pattern-check a string.
 */
export type StoredSignalDoc = Omit<SignalDoc, "candidates" | "participant"> & {
  candidates: string;
} & Partial<ParticipantState>;

/** What a caller may ask for when creating a call (scheduleCall); everything is optional. */
export interface CallRequest {
  /** RFC 3339 with an offset; absent means now. */
  startsAt?: string;
  title?: string;
  emptyTimeoutSeconds?: number;
}

/** Limits the security rules enforce, mirrored here so clients never send what would be denied. */
export const LIMITS = {
  /** Session ids (and targets): URL-safe, like the 24 hex characters the web app draws. */
  sessionMinLength: 8,
  sessionMaxLength: 64,
  /**
   * A description's SDP. Measured with Chromium 156 (audio, video, a data channel): offer 5.7 KB,
   * 6.9 KB once it carries its gathered candidates (a renegotiation does); answer 5.4 KB. 32,000
   * leaves room for more codecs and a host with many interfaces, and keeps a rewrite small.
   */
  sdpMaxLength: 32_000,
  maxCandidates: 64,
  /** One candidate line as encoded (signal-codec.ts), and all of them together. */
  candidateMaxLength: 512,
  candidatesMaxLength: 16_000,
  /** An m-line's identification tag (RFC 8843); browsers use "0", "1", … */
  midMaxLength: 32,
  roomNameMaxLength: 100,
  titleMaxLength: 200,
  /** A display name typed before joining (UTF-16 code units; the rules count characters). */
  displayNameMaxLength: 50,
} as const;

/**
 * Presence. A participant is in the call while their signals document says `left: false` and its
 * `updatedAt` is fresh. The page rewrites `updatedAt` every HEARTBEAT_INTERVAL_MS; a document not
 * touched for PRESENCE_STALE_MS belongs to a browser that crashed or lost the network.
 * Why these numbers: Chrome throttles timers in hidden tabs to one wake-up a minute, so a 60 s
 * heartbeat keeps working in a background tab but may land up to ~120 s after the previous one;
 * 150 s tolerates that plus a slow write without calling a live person gone, while a crash is
 * still noticed within about three minutes (the sweep runs every minute). Each heartbeat is one
 * write per person per minute, the price of knowing who is there without onDisconnect.
 */
export const HEARTBEAT_INTERVAL_MS = 60_000;
export const PRESENCE_STALE_MS = 150_000;

/** The grace period of a call that has none recorded (the params' default is the same). */
export const DEFAULT_EMPTY_TIMEOUT_SECONDS = 300;

/** Bounds for a call's own grace period (emptyTimeoutSeconds). */
export const EMPTY_TIMEOUT_BOUNDS = { minSeconds: 30, maxSeconds: 24 * 60 * 60 } as const;
