import type { CallChange, CallRecord, CallSnapshot } from "../store/call-record.js";
import type { CallStore } from "../store/call-store.js";
import {
  expiresAtMs,
  isDueToExpire,
  isDueToOpen,
  isStale,
  openedByJoinAtMs,
  type LifecycleSettings,
} from "./lifecycle.js";
import { PRESENCE_STALE_MS, type CallStatus, type EndReason } from "@firecall/model";

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

/**
 * How a sweep works through what is due: `batch` calls per query round, `concurrency` transactions
 * at a time (each on its own call, so they never contend), and more rounds while a round came back
 * full, until `budgetMs` of wall-clock time is spent (the schedule runs every minute, so one sweep
 * should end well within it). At 10,000 concurrent calls about 330 calls end a minute; one round of
 * 200 alone would fall further behind every minute.
 */
export interface SweepLimits {
  batch: number;
  concurrency: number;
  budgetMs: number;
  /** Bounds the rounds per query even if every round is full and quick. */
  maxRounds: number;
}

export const DEFAULT_SWEEP_LIMITS: SweepLimits = { batch: 200, concurrency: 8, budgetMs: 40_000, maxRounds: 25 };

/**
 * Scheduled-call activation and auto-expiry. The queries find only the calls that are due; every
 * decision is re-checked inside a transaction with the pure functions in lifecycle.ts, so a person
 * who came back a moment ago is never thrown out by a stale index entry.
 */
export class LifecycleService {
  constructor(
    private readonly store: CallStore,
    private readonly settings: LifecycleSettings,
    private readonly limits: SweepLimits = DEFAULT_SWEEP_LIMITS,
  ) {}

  /** Run every minute: open due calls, mark silent participants gone, expire empty calls. */
  async sweep(nowMs: number): Promise<SweepReport> {
    const readsBefore = this.store.reads;
    const deadline = Date.now() + this.limits.budgetMs;
    const staleMs = this.settings.presenceStaleMs ?? PRESENCE_STALE_MS;
    const opened = await this.drain(
      (n) => this.store.dueToOpen(nowMs, n),
      (id) => this.openIfDue(id, nowMs),
      deadline,
    );
    const markedGone = await this.drain(
      (n) => this.store.callsWithStalePresence(nowMs - staleMs, n),
      (id) => this.markStaleGone(id, nowMs),
      deadline,
    );
    const expired = await this.drain(
      (n) => this.store.dueToExpire(nowMs, n),
      (id) => this.expireIfDue(id, nowMs),
      deadline,
    );
    return { opened, markedGone, expired, reads: this.store.reads - readsBefore };
  }

  /**
   * Handles what `find` returns, round after round while rounds come back full and time is left.
   * Handled calls leave the query (their status, expiry or presence changed); one that a
   * transaction found not due after all is skipped if the query returns it again, and a round
   * with nothing new ends the work, so a stuck entry cannot spin the loop.
   */
  private async drain(
    find: (limit: number) => Promise<string[]>,
    handle: (id: string) => Promise<boolean>,
    deadline: number,
  ): Promise<string[]> {
    const { batch, concurrency, maxRounds } = this.limits;
    const seen = new Set<string>();
    const done: string[] = [];
    for (let round = 0; round < maxRounds && Date.now() < deadline; round++) {
      const found = await find(batch);
      const fresh = found.filter((id) => !seen.has(id));
      for (const id of fresh) seen.add(id);
      for (let i = 0; i < fresh.length; i += concurrency) {
        const slice = fresh.slice(i, i + concurrency);
        const results = await Promise.all(slice.map(handle));
        slice.forEach((id, k) => results[k] && done.push(id));
      }
      if (found.length < batch || fresh.length === 0) break;
    }
    return done;
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
