/**
 * A call as the services reason about it (times in milliseconds, no SDK types), and the contract
 * between a decision and CallStore: what a transaction reads, what a decision wants written.
 * call-documents.ts maps these onto the call's three documents.
 */
import type { CallKind, CallStatus, EndReason } from "@firecall/model";

export interface CallRecord {
  kind: CallKind;
  status: CallStatus;
  createdBy: string;
  title: string | null;
  startsAtMs: number;
  openedAtMs: number | null;
  emptyTimeoutSeconds: number;
  expiresAtMs: number | null;
  endedAtMs: number | null;
  endReason: EndReason | null;
  /** The fields of a call created through the REST API; null for the web app's calls. */
  app: AppFields | null;
  hostUid: string | null;
  /** Increases with every reschedule (the .ics SEQUENCE). */
  sequence: number;
  createdAtMs: number | null;
}

/** A call with its id. */
export type IdentifiedCall = CallRecord & { id: string };

/** What a call created by an integrating app carries besides the common fields. */
export interface AppFields {
  appId: string;
  hostKeyHash: string;
  hostName: string | null;
  guestName: string | null;
  metadata: Record<string, string>;
}

/** Who holds the seats (on the gate: clients add themselves, the functions assign the host's). */
export interface Seats {
  participants: string[];
  /** One seat is kept for the holder of the host link until someone claims it. */
  hostSeatReserved: boolean;
}

export type NewCall = Omit<CallRecord, "endedAtMs" | "endReason" | "hostUid" | "sequence" | "createdAtMs"> & {
  id: string;
  seats: Seats;
  /** The function's clock, like openedAtMs: what the first answer shows is what is stored. */
  createdAtMs: number;
};

/** The record fields a decision may change; the gate and details follow in the same write. */
export type RecordPatch = Partial<
  Pick<
    CallRecord,
    | "status"
    | "openedAtMs"
    | "expiresAtMs"
    | "endedAtMs"
    | "endReason"
    | "startsAtMs"
    | "title"
    | "sequence"
    | "hostUid"
    | "emptyTimeoutSeconds"
  >
>;

/** One participant's presence as stored in their signals document. */
export interface StoredPresence {
  uid: string;
  left: boolean;
  updatedAtMs: number;
  /** Server time of their session's join. */
  joinedAtMs: number | null;
}

/** The gate's seats, and when the gate was last written (a seat taken, or the status mirrored). */
export type StoredSeats = Seats & { updatedAtMs: number };

/** What a transaction read: the call (null if there is none) and, when asked for, its signals and seats. */
export interface CallSnapshot {
  id: string;
  call: CallRecord | null;
  presences: StoredPresence[];
  seats: StoredSeats | null;
}

/** Which documents besides the record a transaction reads. */
export interface CallReads {
  signals?: boolean;
  seats?: boolean;
}

/** What a decision wants written, all in one transaction. */
export interface CallChange {
  patch?: RecordPatch;
  /** Replace the whole call (reviving an expired room). */
  replace?: NewCall;
  /** New seats (the host link's seat, a room's seats freed from people who are gone). */
  seats?: Seats;
  /** Mark these participants as gone (server-side, for stale heartbeats). */
  markLeft?: string[];
  /** Delete signaling: all of it (the call is over), or these participants' (they lost their seat). */
  deleteSignals?: boolean | string[];
}

/** The gate as the ICE service needs it: may this person be in the call now? */
export interface GateView {
  status: CallStatus;
  startsAtMs: number;
  participants: string[];
}
