/**
 * The lifecycle decisions, as plain functions of (call state, presence, now). The sweep, the
 * trigger and the tests all ask these, so "is this call due?" has exactly one answer.
 */
import { PRESENCE_STALE_MS, type CallStatus, type EndReason } from "../shared/call-model.js";

export interface CallTiming {
  status: CallStatus;
  startsAtMs: number;
  emptyTimeoutSeconds: number;
}

/** What the lifecycle needs from one participant's signals document. */
export interface Presence {
  left: boolean;
  /** Server time of their last write (a heartbeat, a signal or the leave). */
  updatedAtMs: number;
  /** Server time of their session's join, when known. */
  joinedAtMs?: number | null;
}

export interface LifecycleSettings {
  /** How long after its start a call that nobody ever joined lives. */
  unusedTimeoutSeconds: number;
  /** Silence after which a participant counts as gone (PRESENCE_STALE_MS unless a test shortens it). */
  presenceStaleMs?: number;
}

/** A participant whose page stopped writing: crashed, asleep or offline, but never said goodbye. */
export function isStale(p: Presence, nowMs: number, staleMs = PRESENCE_STALE_MS): boolean {
  return !p.left && nowMs - p.updatedAtMs >= staleMs;
}

/** Since when a participant has been gone (their last sign of life), or null while they are here. */
export function goneSinceMs(p: Presence, nowMs: number, staleMs = PRESENCE_STALE_MS): number | null {
  return p.left || isStale(p, nowMs, staleMs) ? p.updatedAtMs : null;
}

/**
 * When the call expires if nothing changes: null while someone is in it (or it is over);
 * the last departure plus the call's grace period once everyone has gone; its start plus the
 * unused timeout if nobody ever came.
 */
export function expiresAtMs(
  call: CallTiming,
  presences: readonly Presence[],
  nowMs: number,
  settings: LifecycleSettings,
): number | null {
  if (call.status !== "open" && call.status !== "scheduled") return null;
  if (presences.length === 0) return call.startsAtMs + settings.unusedTimeoutSeconds * 1000;
  let lastGone = -Infinity;
  for (const p of presences) {
    const gone = goneSinceMs(p, nowMs, settings.presenceStaleMs);
    if (gone === null) return null;
    lastGone = Math.max(lastGone, gone);
  }
  return lastGone + call.emptyTimeoutSeconds * 1000;
}

export function isDueToExpire(
  call: CallTiming,
  presences: readonly Presence[],
  nowMs: number,
  settings: LifecycleSettings,
): boolean {
  const at = expiresAtMs(call, presences, nowMs, settings);
  return at !== null && at <= nowMs;
}

/** A scheduled call opens at its start time. */
export function isDueToOpen(call: CallTiming, nowMs: number): boolean {
  return call.status === "scheduled" && call.startsAtMs <= nowMs;
}

/**
 * Whether the call has started by `nowMs`: it is open (or over), or its start has passed. A call
 * that has started is never rescheduled and, when ended, is `ended`, never `cancelled`.
 */
export function hasStarted(call: Pick<CallTiming, "status" | "startsAtMs">, nowMs: number): boolean {
  return call.status !== "scheduled" && call.status !== "cancelled" ? true : nowMs >= call.startsAtMs;
}

/** How ending the call now is recorded: called off before its start, or ended by its host. */
export function endReasonAt(call: Pick<CallTiming, "status" | "startsAtMs">, nowMs: number): EndReason {
  return hasStarted(call, nowMs) ? "ended_by_host" : "cancelled";
}

/**
 * When a scheduled call whose start has come opens because someone is in it: the time the first
 * of them joined (never before the start), or null when it stays as it is (not scheduled, not
 * started, nobody here). The sweep opens a started call that nobody joined at the next minute.
 */
export function openedByJoinAtMs(call: CallTiming, presences: readonly Presence[], nowMs: number): number | null {
  if (call.status !== "scheduled" || nowMs < call.startsAtMs) return null;
  const here = presences.filter((p) => goneSinceMs(p, nowMs) === null);
  if (here.length === 0) return null;
  const firstJoin = Math.min(...here.map((p) => p.joinedAtMs ?? nowMs));
  return Math.min(nowMs, Math.max(call.startsAtMs, firstJoin));
}
