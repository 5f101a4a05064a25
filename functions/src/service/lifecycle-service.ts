import type { CallChange, CallRecord, CallSnapshot, CallStore } from "./call-store.js";
import {
  expiresAtMs,
  isDueToExpire,
  isDueToOpen,
  isStale,
  openedByJoinAtMs,
  type LifecycleSettings,
} from "./lifecycle.js";
import { PRESENCE_STALE_MS, type CallStatus, type EndReason } from "../shared/call-model.js";

/** The change that ends a call: terminal status, reason, time, no expiry, no signaling. */
export function endChange(reason: EndReason, nowMs: number): CallChange {
  const status: CallStatus = reason === "ended_by_host" ? "ended" : reason;
  return {
    patch: { status, endReason: reason, endedAtMs: nowMs, expiresAtMs: null },
    deleteSignals: true,
  };
}

/** What one sweep did, and what it cost. */
export interface SweepReport {
  opened: string[];
  /** Calls in which a participant was found gone (stale heartbeat) and marked as left. */
  markedGone: string[];
  expired: string[];
  /** Documents read, counting an empty query as one (as Firestore bills it). */
  reads: number;
}

/** How many calls one sweep handles per step; the rest wait for the next minute. */
const SWEEP_BATCH = 200;

/**
 * Scheduled-call activation and auto-expiry. The queries find only the calls that are due; every
 * decision is re-checked inside a transaction with the pure functions in lifecycle.ts, so a person
 * who came back a moment ago is never thrown out by a stale index entry.
 */
export class LifecycleService {
  constructor(
    private readonly store: CallStore,
    private readonly settings: LifecycleSettings,
  ) {}

  /** Run every minute: open due calls, mark silent participants gone, expire empty calls. */
  async sweep(nowMs: number): Promise<SweepReport> {
    const readsBefore = this.store.reads;
    const opened: string[] = [];
    for (const id of await this.store.dueToOpen(nowMs, SWEEP_BATCH)) {
      if (await this.openIfDue(id, nowMs)) opened.push(id);
    }
    const markedGone: string[] = [];
    const staleMs = this.settings.presenceStaleMs ?? PRESENCE_STALE_MS;
    for (const id of await this.store.callsWithStalePresence(nowMs - staleMs, SWEEP_BATCH)) {
      if (await this.markStaleGone(id, nowMs)) markedGone.push(id);
    }
    const expired: string[] = [];
    for (const id of await this.store.dueToExpire(nowMs, SWEEP_BATCH)) {
      if (await this.expireIfDue(id, nowMs)) expired.push(id);
    }
    return { opened, markedGone, expired, reads: this.store.reads - readsBefore };
  }

  /**
   * After someone joined, left or came back: a scheduled call whose start has come opens the moment
   * someone is in it (so the API and webhooks never call a call people are in `scheduled`), and the
   * expiry is recomputed. One transaction; returns the call as it is afterwards.
   */
  afterPresenceChange(id: string, nowMs: number): Promise<CallRecord | null> {
    return this.store.update(id, { signals: true }, (snap) => {
      if (!snap.call) return { change: null, result: null };
      const openedAtMs = openedByJoinAtMs(snap.call, snap.presences, nowMs);
      const call = openedAtMs === null ? snap.call : { ...snap.call, status: "open" as const, openedAtMs };
      const expiry = this.expiryChange({ ...snap, call }, nowMs);
      const patch = {
        ...(openedAtMs === null ? {} : { status: call.status, openedAtMs }),
        ...(expiry?.patch ?? {}),
      };
      const changed = Object.keys(patch).length > 0;
      return { change: changed ? { patch } : null, result: { ...call, ...patch } };
    });
  }

  private openIfDue(id: string, nowMs: number): Promise<boolean> {
    return this.store.update(id, {}, ({ call }) =>
      call && isDueToOpen(call, nowMs)
        ? { change: { patch: { status: "open", openedAtMs: nowMs } }, result: true }
        : { change: null, result: false },
    );
  }

  private markStaleGone(id: string, nowMs: number): Promise<boolean> {
    return this.store.update(id, { signals: true }, (snap) => {
      const staleMs = this.settings.presenceStaleMs;
      const stale = snap.presences.filter((p) => isStale(p, nowMs, staleMs)).map((p) => p.uid);
      if (!snap.call || stale.length === 0) return { change: null, result: false };
      const presences = snap.presences.map((p) => (stale.includes(p.uid) ? { ...p, left: true } : p));
      const expiry = this.expiryChange({ ...snap, presences }, nowMs);
      return { change: { ...(expiry ?? {}), markLeft: stale }, result: true };
    });
  }

  private expireIfDue(id: string, nowMs: number): Promise<boolean> {
    return this.store.update(id, { signals: true }, (snap) => {
      if (snap.call && isDueToExpire(snap.call, snap.presences, nowMs, this.settings)) {
        return { change: endChange("expired", nowMs), result: true };
      }
      // Someone came back (or the index entry was stale): record the real expiry instead.
      return { change: this.expiryChange(snap, nowMs), result: false };
    });
  }

  private expiryChange({ call, presences }: CallSnapshot, nowMs: number): CallChange | null {
    if (!call) return null;
    const next = expiresAtMs(call, presences, nowMs, this.settings);
    return next === call.expiresAtMs ? null : { patch: { expiresAtMs: next } };
  }
}
