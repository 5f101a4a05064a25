import {
  FieldPath,
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from "firebase-admin/firestore";
import {
  CALL_DETAILS_ID,
  CALL_PRIVATE,
  CALL_RECORDS,
  CALLS,
  SIGNALS,
  type CallDoc,
  type CallRecordDoc,
  type CallStatus,
  type StoredSignalDoc,
} from "../shared/call-model.js";
import {
  detailsDoc,
  gateLifecycle,
  newGateDoc,
  newRecordDoc,
  recordFromDoc,
  recordPatchDoc,
  touchesDetails,
  touchesGate,
  type CallChange,
  type CallReads,
  type CallRecord,
  type CallSnapshot,
  type GateView,
  type NewCall,
  type StoredSeats,
} from "./call-documents.js";

export type {
  AppFields,
  CallChange,
  CallReads,
  CallRecord,
  CallSnapshot,
  GateView,
  NewCall,
  Seats,
  StoredPresence,
  StoredSeats,
} from "./call-documents.js";
/** A stored record as the services reason about it (the webhook trigger reads it this way). */
export const toRecord = recordFromDoc;

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

function seatsFrom(data: Partial<CallDoc>, updatedAtMs: number): StoredSeats {
  const participants = Array.isArray(data.participants)
    ? data.participants.filter((p): p is string => typeof p === "string")
    : [];
  return { participants, hostSeatReserved: data.hostSeatReserved === true, updatedAtMs };
}

/**
 * Firestore access for the call services. Decisions are made by the caller; this class only reads
 * and writes, keeps a call's gate and details in step with its record in the same transaction, and
 * counts the documents it reads (the bill, and the proof that the sweep touches only due calls).
 * A query that returns nothing still bills one read.
 */
export class CallStore {
  reads = 0;

  constructor(private readonly firestore: Firestore) {}

  private refs(id: string) {
    const gate = this.firestore.collection(CALLS).doc(id);
    return {
      record: this.firestore.collection(CALL_RECORDS).doc(id),
      gate,
      details: gate.collection(CALL_PRIVATE).doc(CALL_DETAILS_ID),
      signals: gate.collection(SIGNALS),
    };
  }

  private createAll(write: { create(ref: DocumentReference, data: DocumentData): unknown }, call: NewCall): void {
    const refs = this.refs(call.id);
    write.create(refs.record, newRecordDoc(call));
    write.create(refs.gate, newGateDoc(call));
    write.create(refs.details, detailsDoc({ ...call, hostUid: null }));
  }

  /** Creates the call's documents; false when a call with that id already exists. */
  async createIfAbsent(call: NewCall): Promise<boolean> {
    const batch = this.firestore.batch();
    this.createAll(batch, call);
    try {
      await batch.commit();
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
    const { record: recordRef } = this.refs(call.id);
    return this.firestore.runTransaction(async (tx) => {
      const [idem, existingCall] = await Promise.all([tx.get(idemRef), tx.get(recordRef)]);
      this.reads += 2;
      if (idem.exists) return { created: false, existing: idem.data() as IdempotencyRecord };
      if (existingCall.exists) return { created: false, existing: null };
      this.createAll(tx, call);
      const { expiresAtMs, ...fields } = record;
      const expiresAt = Timestamp.fromMillis(expiresAtMs); // deletable then (retention.ts)
      tx.create(idemRef, { ...fields, callId: call.id, createdAt: FieldValue.serverTimestamp(), expiresAt });
      return { created: true };
    });
  }

  /** The call, or null when there is none. */
  async get(id: string): Promise<CallRecord | null> {
    const snap = await this.refs(id).record.get();
    this.reads += 1;
    return snap.exists ? recordFromDoc(snap.data() as CallRecordDoc) : null;
  }

  /** The gate: status, start and seat holders; null when there is no such call. */
  async gate(id: string): Promise<GateView | null> {
    const snap = await this.refs(id).gate.get();
    this.reads += 1;
    if (!snap.exists) return null;
    const data = snap.data() as Partial<CallDoc>;
    const startsAt = data.startsAt as Timestamp | undefined;
    return {
      status: data.status ?? "ended",
      startsAtMs: startsAt?.toMillis() ?? 0,
      participants: seatsFrom(data, 0).participants,
    };
  }

  /**
   * One page of an app's calls (indexes on callRecords: appId + startsAt, appId + status +
   * startsAt), with one more than asked so the caller knows whether there is a next page.
   */
  async pageOfApp(q: CallPageQuery): Promise<{ id: string; call: CallRecord }[]> {
    let query = this.firestore.collection(CALL_RECORDS).where("appId", "==", q.appId);
    if (q.status) query = query.where("status", "==", q.status);
    if (q.fromMs !== undefined) query = query.where("startsAt", ">=", Timestamp.fromMillis(q.fromMs));
    if (q.toMs !== undefined) query = query.where("startsAt", "<", Timestamp.fromMillis(q.toMs));
    let ordered = query.orderBy("startsAt").orderBy(FieldPath.documentId());
    if (q.after) ordered = ordered.startAfter(Timestamp.fromMillis(q.after.startsAtMs), q.after.id);
    const snap = await ordered.limit(q.limit + 1).get();
    this.reads += Math.max(1, snap.size);
    return snap.docs.map((d) => ({ id: d.id, call: recordFromDoc(d.data() as CallRecordDoc) }));
  }

  /**
   * Reads the call's record (and its signals and seats when asked for) in a transaction, lets
   * `decide` look at them, and applies the change it returns atomically. Returns what `decide` returned.
   */
  async update<T>(
    id: string,
    reads: CallReads,
    decide: (snapshot: CallSnapshot) => { change: CallChange | null; result: T },
  ): Promise<T> {
    const refs = this.refs(id);
    return this.firestore.runTransaction(async (tx) => {
      const [recordSnap, gateSnap] = reads.seats
        ? await tx.getAll(refs.record, refs.gate)
        : [await tx.get(refs.record)];
      this.reads += reads.seats ? 2 : 1;
      const call = recordSnap!.exists ? recordFromDoc(recordSnap!.data() as CallRecordDoc) : null;
      const seats = gateSnap?.exists
        ? seatsFrom(gateSnap.data() as Partial<CallDoc>, gateSnap.updateTime?.toMillis() ?? 0)
        : null;
      const signalDocs = call && reads.signals ? await this.readSignals(tx, id) : [];
      const presences = signalDocs.map(({ uid, doc }) => ({
        uid,
        left: doc.left,
        updatedAtMs: (doc.updatedAt as Timestamp | null)?.toMillis() ?? 0,
        joinedAtMs: (doc.joinedAt as Timestamp | null)?.toMillis() ?? null,
      }));
      const { change, result } = decide({ id, call, presences, seats });
      if (change) this.apply(tx, id, change, call, signalDocs);
      return result;
    });
  }

  private async readSignals(tx: Transaction, id: string): Promise<{ uid: string; doc: StoredSignalDoc }[]> {
    const snap = await tx.get(this.refs(id).signals);
    this.reads += Math.max(1, snap.size);
    return snap.docs.map((d) => ({ uid: d.id, doc: d.data() as StoredSignalDoc }));
  }

  private apply(
    tx: Transaction,
    id: string,
    change: CallChange,
    call: CallRecord | null,
    signals: { uid: string }[],
  ): void {
    const refs = this.refs(id);
    if (change.replace) {
      tx.set(refs.record, newRecordDoc(change.replace));
      tx.set(refs.gate, newGateDoc(change.replace));
      tx.set(refs.details, detailsDoc({ ...change.replace, hostUid: null }));
    }
    // One write per document: the gate's mirrored lifecycle fields and its seats travel together.
    const gate: Record<string, unknown> = { ...(change.seats ?? {}) };
    if (change.patch && call) {
      const merged = { ...call, ...change.patch };
      tx.update(refs.record, recordPatchDoc(change.patch));
      if (touchesGate(change.patch)) Object.assign(gate, gateLifecycle(merged));
      if (touchesDetails(change.patch)) tx.set(refs.details, detailsDoc(merged));
    }
    if (Object.keys(gate).length > 0) tx.update(refs.gate, gate);
    for (const uid of change.markLeft ?? []) tx.update(refs.signals.doc(uid), { left: true });
    const doomed = change.deleteSignals === true ? signals.map((s) => s.uid) : change.deleteSignals || [];
    for (const uid of doomed) tx.delete(refs.signals.doc(uid));
  }

  /** Ids of scheduled calls whose start has come (index on callRecords: status, startsAt). */
  async dueToOpen(nowMs: number, limit: number): Promise<string[]> {
    const snap = await this.firestore
      .collection(CALL_RECORDS)
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
      .collection(CALL_RECORDS)
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
}

function isAlreadyExists(err: unknown): boolean {
  // gRPC status 6 (ALREADY_EXISTS). Over REST it would arrive as a retried ABORTED instead: see admin.ts.
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 6;
}
