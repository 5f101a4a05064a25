import { RETENTION_MS } from "./retention.js";
import { deliveriesOf, eventId, newEvent } from "./webhook-events.js";
import type { PresenceSnapshot, PresenceWrite } from "./webhook-presence-store.js";

/**
 * When a participant's presence is worth a webhook. A reload (or a second tab, or a guest flipping
 * sessions) is not a departure and a return: the page says `left` on pagehide and joins again a
 * moment later. So `participant.left` is held back for a grace period and sent only if the person
 * stays away; coming back within it withdraws the held-back event and tells nobody anything.
 * Pure: the store runs it inside a transaction with what it read.
 */

/** What the webhooks have been told about one participant of one call. */
export interface PresenceState {
  /** Told "joined" (or about to be told "left": see leftAtMs). */
  present: boolean;
  /** How many times they were told "joined": each visit's events get their own ids. */
  visit: number;
  /** When the held-back "left" was enqueued; null when none is pending. */
  leftAtMs: number | null;
}

export type PresenceDecision =
  | { action: "none" }
  /** Tell participant.joined now. */
  | { action: "join"; next: PresenceState }
  /** Enqueue participant.left, due at `dueAtMs`. */
  | { action: "leave"; next: PresenceState; dueAtMs: number }
  /** Back within the grace period: withdraw the held-back participant.left, tell nothing. */
  | { action: "withdraw"; next: PresenceState };

/**
 * `told` is the stored state (null: nothing told yet); `inCall` what the participant's signals
 * document says now (left: false). Deciding from the current document, not from the write that
 * triggered us, makes the outcome independent of the order in which triggers run.
 */
export function decidePresence(
  told: PresenceState | null,
  inCall: boolean,
  nowMs: number,
  graceMs: number,
): PresenceDecision {
  if (inCall) {
    if (told?.present && told.leftAtMs === null) return { action: "none" };
    if (told?.present && told.leftAtMs !== null) {
      if (nowMs < told.leftAtMs + graceMs) return { action: "withdraw", next: { ...told, leftAtMs: null } };
      // Away longer than the grace period: the departure stands (and goes out), this is a new visit.
    }
    return joinAfterAll(told ?? { present: false, visit: 0, leftAtMs: null });
  }
  if (!told?.present || told.leftAtMs !== null) return { action: "none" };
  return { action: "leave", next: { ...told, leftAtMs: nowMs }, dueAtMs: nowMs + graceMs };
}

/**
 * The join to tell instead of a "withdraw" whose held-back delivery was already attempted (it may
 * have reached the endpoint, so the return must be told too).
 */
export function joinAfterAll(told: PresenceState): PresenceDecision {
  return { action: "join", next: { present: true, visit: told.visit + 1, leftAtMs: null } };
}

/** Who the presence change is about, and the event data it carries (the call and the participant). */
export interface PresenceSubject {
  appId: string;
  callId: string;
  uid: string;
  data: Record<string, unknown>;
}

/**
 * What to write for one presence change, from what the transaction read: the new state, and the
 * deliveries it adds (participant.joined now, participant.left held back) or takes back.
 */
export function presenceWrite(
  snap: PresenceSnapshot,
  about: PresenceSubject,
  nowMs: number,
  graceMs: number,
): PresenceWrite | null {
  let decision = decidePresence(snap.told, snap.inCall, nowMs, graceMs);
  const takenBack = snap.pendingLeft.every((d) => d.state === "pending" && d.attempts === 0);
  if (decision.action === "withdraw" && !takenBack) decision = joinAfterAll(snap.told!);
  if (decision.action === "none") return null;
  const { appId, callId, uid, data } = about;
  const base = {
    told: decision.next,
    leftEventId: null,
    create: [],
    remove: [],
    expiresAtMs: nowMs + RETENTION_MS.webhookPresence,
  };
  switch (decision.action) {
    case "withdraw":
      return { ...base, remove: snap.pendingLeft.map((d) => d.id) };
    case "join": {
      const id = eventId(callId, "joined", uid, String(decision.next.visit));
      return {
        ...base,
        create: deliveriesOf(newEvent(appId, "participant.joined", id, data, nowMs, nowMs), snap.hooks),
      };
    }
    case "leave": {
      const id = eventId(callId, "left", uid, String(decision.next.visit));
      const event = newEvent(appId, "participant.left", id, data, nowMs, decision.dueAtMs);
      return { ...base, leftEventId: id, create: deliveriesOf(event, snap.hooks) };
    }
  }
}
