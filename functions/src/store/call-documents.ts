/**
 * How a call (CallRecord, call-record.ts) maps onto its three documents: the server's record, the
 * gate every signed-in user with the id may read, and the details only its participants may read
 * (see model/src/call-model.ts). Pure: CallStore does the reading and writing.
 */
import { Timestamp } from "firebase-admin/firestore";
import {
  DEFAULT_EMPTY_TIMEOUT_SECONDS,
  type CallDetailsDoc,
  type CallDoc,
  type CallRecordDoc,
  type StoredSignalDoc,
} from "@firecall/model";
import type { AppFields, CallRecord, NewCall, RecordPatch, StoredPresence, StoredSeats } from "./call-record.js";

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

/** A record as a trigger hands it over (absent: no such document), as the services reason about it. */
export function recordFromData(data: unknown): CallRecord | null {
  return typeof data === "object" && data !== null ? recordFromDoc(data as CallRecordDoc) : null;
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
    createdAt: ts(call.createdAtMs),
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

/** The gate's seats as stored (whatever a client wrote there), with the gate's last write time. */
export function seatsFromDoc(data: Partial<CallDoc>, updatedAtMs: number): StoredSeats {
  const participants = Array.isArray(data.participants)
    ? data.participants.filter((p): p is string => typeof p === "string")
    : [];
  return { participants, hostSeatReserved: data.hostSeatReserved === true, updatedAtMs };
}

/** One participant's presence, from their signals document. */
export function presenceFromDoc(uid: string, doc: StoredSignalDoc): StoredPresence {
  return {
    uid,
    left: doc.left,
    updatedAtMs: (doc.updatedAt as Timestamp | null)?.toMillis() ?? 0,
    joinedAtMs: (doc.joinedAt as Timestamp | null)?.toMillis() ?? null,
  };
}

/** What a signals document says about its owner's presence (the rest of it is signaling). */
export interface PresenceMark {
  left: boolean;
  session: unknown;
}

/** The presence in a signals document as a trigger hands it over; null when there is no document. */
export function presenceMarkFromData(data: unknown): PresenceMark | null {
  if (typeof data !== "object" || data === null) return null;
  const { left, session } = data as Record<string, unknown>;
  return { left: Boolean(left), session };
}
