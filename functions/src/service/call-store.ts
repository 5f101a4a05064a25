import { FieldPath, FieldValue, Timestamp, type Firestore, type Transaction } from "firebase-admin/firestore";
import {
  CALLS,
  DEFAULT_EMPTY_TIMEOUT_SECONDS,
  SIGNALS,
  type CallDoc,
  type CallKind,
  type CallStatus,
  type EndReason,
  type SignalDoc,
} from "../shared/call-model.js";

/** A call as the service reasons about it: times in milliseconds, no SDK types. */
export interface CallRecord {
  kind: CallKind;
  status: CallStatus;
  createdBy: string;
  participants: string[];
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

export type NewCall = Omit<CallRecord, "endedAtMs" | "endReason" | "hostUid" | "sequence" | "createdAtMs"> & {
  id: string;
};

/** An Idempotency-Key's record: the request it was first used with and what that answered. */
export interface IdempotencyRecord {
  /** Document id: a hash of the app and the key, so the key itself is not stored. */
  docId: string;
  appId: string;
  keyId: string;
  requestHash: string;
  callId: string;
  response: unknown;
}

/** One page of an app's calls, ordered by start time then id. */
export interface CallPageQuery {
  appId: string;
  status?: CallStatus;
  fromMs?: number;
  toMs?: number;
  after?: { startsAtMs: number; id: string };
  limit: number;
}

export const IDEMPOTENCY_KEYS = "idempotencyKeys";

/** One participant's presence as stored in their signals document. */
export interface StoredPresence {
  uid: string;
  left: boolean;
  updatedAtMs: number;
}

/** What a transaction read: the call (null if there is none) and, when asked for, its signals. */
export interface CallSnapshot {
  id: string;
  call: CallRecord | null;
  presences: StoredPresence[];
}

/** What a decision wants written, all in one transaction. */
export interface CallChange {
  patch?: Partial<
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
  /** Replace the whole call (reviving an expired room). */
  replace?: NewCall;
  /** Mark these participants as gone (server-side, for stale heartbeats). */
  markLeft?: string[];
  /** Delete all signaling (the call is over). */
  deleteSignals?: boolean;
}

const ms = (t: Timestamp | null | undefined): number | null => (t ? t.toMillis() : null);
const ts = (v: number | null): Timestamp | null => (v === null ? null : Timestamp.fromMillis(v));

/** A stored call document as the services reason about it. */
export function toRecord(data: CallDoc): CallRecord {
  const d = data as unknown as Record<string, Timestamp | null | undefined>;
  return {
    kind: data.kind,
    status: data.status,
    createdBy: data.createdBy,
    participants: data.participants,
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

function appDocument(app: AppFields | null): Record<string, unknown> {
  if (!app) return {};
  const { appId, hostKeyHash, hostName, guestName, metadata } = app;
  return { appId, hostKeyHash, hostUid: null, hostName, guestName, metadata, sequence: 0 };
}

function toDocument(call: NewCall): Record<string, unknown> {
  return {
    kind: call.kind,
    status: call.status,
    createdBy: call.createdBy,
    createdAt: FieldValue.serverTimestamp(),
    participants: call.participants,
    title: call.title,
    startsAt: ts(call.startsAtMs),
    openedAt: ts(call.openedAtMs),
    emptyTimeoutSeconds: call.emptyTimeoutSeconds,
    expiresAt: ts(call.expiresAtMs),
    endedAt: null,
    endReason: null,
    ...appDocument(call.app),
  };
}

function patchDocument(patch: NonNullable<CallChange["patch"]>): Record<string, unknown> {
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

/**
 * Firestore access for the call and lifecycle services. Decisions are made by the caller; this
 * class only reads and writes, and counts the documents it reads (the bill, and the proof that
 * the sweep touches only due calls). A query that returns nothing still bills one read.
 */
export class CallStore {
  reads = 0;

  constructor(private readonly firestore: Firestore) {}

  /** Creates the call; false when a document with that id already exists. */
  async createIfAbsent(call: NewCall): Promise<boolean> {
    try {
      await this.firestore.collection(CALLS).doc(call.id).create(toDocument(call));
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  /**
   * Creates the call and records the Idempotency-Key's use in one transaction, unless the key was
   * used before: then nothing is written and the earlier record is returned. Concurrent duplicates
   * conflict inside Firestore, and the retried transaction finds the winner's record.
   */
  async createIdempotent(
    call: NewCall,
    record: Omit<IdempotencyRecord, "callId"> & { expiresAtMs: number },
  ): Promise<{ created: true } | { created: false; existing: IdempotencyRecord } | { created: false; existing: null }> {
    const idemRef = this.firestore.collection(IDEMPOTENCY_KEYS).doc(record.docId);
    const callRef = this.firestore.collection(CALLS).doc(call.id);
    return this.firestore.runTransaction(async (tx) => {
      const [idem, existingCall] = await Promise.all([tx.get(idemRef), tx.get(callRef)]);
      this.reads += 2;
      if (idem.exists) return { created: false, existing: idem.data() as IdempotencyRecord };
      if (existingCall.exists) return { created: false, existing: null };
      tx.create(callRef, toDocument(call));
      const { expiresAtMs, ...fields } = record;
      const expiresAt = Timestamp.fromMillis(expiresAtMs); // deletable then (retention.ts)
      tx.create(idemRef, { ...fields, callId: call.id, createdAt: FieldValue.serverTimestamp(), expiresAt });
      return { created: true };
    });
  }

  /** The call, or null when there is none. */
  async get(id: string): Promise<CallRecord | null> {
    const snap = await this.firestore.collection(CALLS).doc(id).get();
    this.reads += 1;
    return snap.exists ? toRecord(snap.data() as CallDoc) : null;
  }

  /**
   * One page of an app's calls (indexes: appId + startsAt, appId + status + startsAt), with one
   * more than asked so the caller knows whether there is a next page.
   */
  async pageOfApp(q: CallPageQuery): Promise<{ id: string; call: CallRecord }[]> {
    let query = this.firestore.collection(CALLS).where("appId", "==", q.appId);
    if (q.status) query = query.where("status", "==", q.status);
    if (q.fromMs !== undefined) query = query.where("startsAt", ">=", Timestamp.fromMillis(q.fromMs));
    if (q.toMs !== undefined) query = query.where("startsAt", "<", Timestamp.fromMillis(q.toMs));
    let ordered = query.orderBy("startsAt").orderBy(FieldPath.documentId());
    if (q.after) ordered = ordered.startAfter(Timestamp.fromMillis(q.after.startsAtMs), q.after.id);
    const snap = await ordered.limit(q.limit + 1).get();
    this.reads += Math.max(1, snap.size);
    return snap.docs.map((d) => ({ id: d.id, call: toRecord(d.data() as CallDoc) }));
  }

  /**
   * Reads the call (and its signals if `withSignals`) in a transaction, lets `decide` look at
   * them, and applies the change it returns atomically. Returns what `decide` returned.
   */
  async update<T>(
    id: string,
    withSignals: boolean,
    decide: (snapshot: CallSnapshot) => { change: CallChange | null; result: T },
  ): Promise<T> {
    const ref = this.firestore.collection(CALLS).doc(id);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      this.reads += 1;
      const call = snap.exists ? toRecord(snap.data() as CallDoc) : null;
      const signalDocs = call && withSignals ? await this.readSignals(tx, id) : [];
      const presences = signalDocs.map(({ uid, doc }) => ({
        uid,
        left: doc.left,
        updatedAtMs: ms(doc.updatedAt as Timestamp | null) ?? 0,
      }));
      const { change, result } = decide({ id, call, presences });
      if (change) this.apply(tx, id, change, signalDocs);
      return result;
    });
  }

  private async readSignals(tx: Transaction, id: string): Promise<{ uid: string; doc: SignalDoc }[]> {
    const snap = await tx.get(this.firestore.collection(CALLS).doc(id).collection(SIGNALS));
    this.reads += Math.max(1, snap.size);
    return snap.docs.map((d) => ({ uid: d.id, doc: d.data() as SignalDoc }));
  }

  private apply(tx: Transaction, id: string, change: CallChange, signals: { uid: string }[]): void {
    const ref = this.firestore.collection(CALLS).doc(id);
    if (change.replace) tx.set(ref, toDocument(change.replace));
    if (change.patch) tx.update(ref, patchDocument(change.patch));
    for (const uid of change.markLeft ?? []) tx.update(ref.collection(SIGNALS).doc(uid), { left: true });
    if (change.deleteSignals) for (const { uid } of signals) tx.delete(ref.collection(SIGNALS).doc(uid));
  }

  /** Ids of scheduled calls whose start has come (index: status, startsAt). */
  async dueToOpen(nowMs: number, limit: number): Promise<string[]> {
    const snap = await this.firestore
      .collection(CALLS)
      .where("status", "==", "scheduled")
      .where("startsAt", "<=", Timestamp.fromMillis(nowMs))
      .limit(limit)
      .select()
      .get();
    this.reads += Math.max(1, snap.size);
    return snap.docs.map((d) => d.id);
  }

  /** Ids of calls whose recorded expiry time has passed (single-field index on expiresAt). */
  async dueToExpire(nowMs: number, limit: number): Promise<string[]> {
    const snap = await this.firestore
      .collection(CALLS)
      .where("expiresAt", "<=", Timestamp.fromMillis(nowMs))
      .limit(limit)
      .select()
      .get();
    this.reads += Math.max(1, snap.size);
    return snap.docs.map((d) => d.id);
  }

  /**
   * Calls with a participant who is in the call by their document but has not written since
   * `cutoffMs` (collection-group index: left, updatedAt).
   */
  async callsWithStalePresence(cutoffMs: number, limit: number): Promise<string[]> {
    const snap = await this.firestore
      .collectionGroup(SIGNALS)
      .where("left", "==", false)
      .where("updatedAt", "<=", Timestamp.fromMillis(cutoffMs))
      .limit(limit)
      .select()
      .get();
    this.reads += Math.max(1, snap.size);
    return [...new Set(snap.docs.map((d) => d.ref.parent.parent!.id))];
  }

  /** The call's seat holders, or null when the call does not exist. */
  async participantsOf(id: string): Promise<string[] | null> {
    const snap = await this.firestore.collection(CALLS).doc(id).get();
    this.reads += 1;
    if (!snap.exists) return null;
    const participants: unknown = snap.get("participants");
    return Array.isArray(participants) ? participants.filter((p): p is string => typeof p === "string") : [];
  }
}

function isAlreadyExists(err: unknown): boolean {
  // gRPC status 6 (ALREADY_EXISTS). Over REST it would arrive as a retried ABORTED instead: see admin.ts.
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 6;
}
