/**
 * How a call (CallRecord, the services' view) maps onto its three documents: the server's record,
 * the gate every signed-in user with the id may read, and the details only its participants may
 * read (see functions/src/shared/call-model.ts). Pure: the store does the reading and writing.
 */
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import {
  DEFAULT_EMPTY_TIMEOUT_SECONDS,
  type CallDetailsDoc,
  type CallKind,
  type CallRecordDoc,
  type CallStatus,
  type EndReason,
} from "../shared/call-model.js";

/** A call as the services reason about it: times in milliseconds, no SDK types. */
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

const ms = (t: Timestamp | null | undefined): number | null => (t ? t.toMillis() : null);
const ts = (v: number | null): Timestamp | null => (v === null ? null : Timestamp.fromMillis(v));

/** A stored record as the services reason about it. */
export function recordFromDoc(data: CallRecordDoc): CallRecord {
  const d = data as unknown as Record<string, Timestamp | null | undefined>;
  return {
    kind: data.kind,
    status: data.status,
    createdBy: data.createdBy,
    title: data.title ?? null,
    startsAtMs: ms(d.startsAt) ?? ms(d.createdAt) ?? 0,
    openedAtMs: ms(d.openedAt),
    // Calls stored before grace periods existed have none: they get the default.
    emptyTimeoutSeconds:
      typeof data.emptyTimeoutSeconds === "number" ? data.emptyTimeoutSeconds : DEFAULT_EMPTY_TIMEOUT_SECONDS,
    expiresAtMs: ms(d.expiresAt),
    endedAtMs: ms(d.endedAt),
    endReason: data.endReason ?? null,
    app: data.appId
      ? {
          appId: data.appId,
          hostKeyHash: data.hostKeyHash ?? "",
          hostName: data.hostName ?? null,
          guestName: data.guestName ?? null,
          metadata: data.metadata ?? {},
        }
      : null,
    hostUid: data.hostUid ?? null,
    sequence: typeof data.sequence === "number" ? data.sequence : 0,
    createdAtMs: ms(d.createdAt),
  };
}

function appFields(app: AppFields | null): Record<string, unknown> {
  if (!app) return {};
  const { appId, hostKeyHash, hostName, guestName, metadata } = app;
  return { appId, hostKeyHash, hostUid: null, hostName, guestName, metadata, sequence: 0 };
}

/** callRecords/{id} of a new call. */
export function newRecordDoc(call: NewCall): Record<string, unknown> {
  return {
    kind: call.kind,
    status: call.status,
    createdBy: call.createdBy,
    createdAt: FieldValue.serverTimestamp(),
    title: call.title,
    startsAt: ts(call.startsAtMs),
    openedAt: ts(call.openedAtMs),
    emptyTimeoutSeconds: call.emptyTimeoutSeconds,
    expiresAt: ts(call.expiresAtMs),
    endedAt: null,
    endReason: null,
    ...appFields(call.app),
  };
}

/** The gate's lifecycle fields (calls/{id}), as they follow from the record. */
export function gateLifecycle(call: Pick<CallRecord, "status" | "startsAtMs" | "endReason">): Record<string, unknown> {
  return { status: call.status, startsAt: ts(call.startsAtMs), endReason: call.endReason };
}

/** calls/{id} of a new call. */
export function newGateDoc(call: NewCall): Record<string, unknown> {
  return { ...gateLifecycle({ ...call, endReason: null }), ...call.seats };
}

/** The person the details name as host: the creator, or for an app's call whoever claimed its host link. */
function detailsHost(call: Pick<CallRecord, "app" | "createdBy" | "hostUid">): string | null {
  return call.app ? call.hostUid : call.createdBy;
}

/** calls/{id}/private/details, as it follows from the record. */
export function detailsDoc(call: Pick<CallRecord, "app" | "createdBy" | "hostUid" | "title">): CallDetailsDoc {
  return {
    title: call.title,
    hostUid: detailsHost(call),
    hostName: call.app?.hostName ?? null,
    guestName: call.app?.guestName ?? null,
  };
}

/** The stored form of a patch of the record. */
export function recordPatchDoc(patch: RecordPatch): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (patch.status !== undefined) out.status = patch.status;
  if (patch.endReason !== undefined) out.endReason = patch.endReason;
  if (patch.openedAtMs !== undefined) out.openedAt = ts(patch.openedAtMs);
  if (patch.expiresAtMs !== undefined) out.expiresAt = ts(patch.expiresAtMs);
  if (patch.endedAtMs !== undefined) out.endedAt = ts(patch.endedAtMs);
  if (patch.startsAtMs !== undefined) out.startsAt = ts(patch.startsAtMs);
  if (patch.title !== undefined) out.title = patch.title;
  if (patch.sequence !== undefined) out.sequence = patch.sequence;
  if (patch.hostUid !== undefined) out.hostUid = patch.hostUid;
  if (patch.emptyTimeoutSeconds !== undefined) out.emptyTimeoutSeconds = patch.emptyTimeoutSeconds;
  return out;
}

/** Whether a patch changes what the gate shows. */
export function touchesGate(patch: RecordPatch): boolean {
  return patch.status !== undefined || patch.startsAtMs !== undefined || patch.endReason !== undefined;
}

/** Whether a patch changes what the details show. */
export function touchesDetails(patch: RecordPatch): boolean {
  return patch.title !== undefined || patch.hostUid !== undefined;
}

// What the store reads for a decision, and what a decision wants written (see CallStore.update).

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
