import type { CallState, OtherPresence } from "../call/call-state.js";

/**
 * What may draw a person back to the call, as pure decisions: which changes happened (the other
 * person joined, left or dropped, wrote), and whether a notification may be shown now. The
 * attention controller plays tones and shows notifications from these.
 */

const IN_CALL = new Set(["waiting", "connecting", "connected", "reconnecting"]);

/** What attention follows, as last seen while in the call. */
export interface AttentionSnapshot {
  presence: OtherPresence;
  /** How many messages the other person has sent, and the latest one's text. */
  theirMessages: number;
  latestText: string | null;
}

export type AttentionEvent =
  { kind: "joined" } | { kind: "left"; dropped: boolean } | { kind: "message"; text: string; count: number };

/** Null while not in the call (joining, lobby, after hanging up): nothing there draws attention. */
export function snapshotOf(state: CallState | null): AttentionSnapshot | null {
  if (!state || !IN_CALL.has(state.phase)) return null;
  const theirs = state.messages.filter((m) => m.from === "them");
  return { presence: state.other.presence, theirMessages: theirs.length, latestText: theirs.at(-1)?.text ?? null };
}

/**
 * The changes between two snapshots. Entering the call (no snapshot before) is not a change:
 * someone who joins a call where the other person waits hears and sees nothing about it.
 */
export function attentionEvents(before: AttentionSnapshot | null, now: AttentionSnapshot | null): AttentionEvent[] {
  if (!before || !now) return [];
  const events: AttentionEvent[] = [];
  const wasHere = before.presence === "here";
  const here = now.presence === "here";
  if (here && !wasHere) events.push({ kind: "joined" });
  if (wasHere && !here) events.push({ kind: "left", dropped: now.presence === "dropped" });
  const count = now.theirMessages - before.theirMessages;
  if (count > 0 && now.latestText !== null) events.push({ kind: "message", text: now.latestText, count });
  return events;
}

/** Where notifications stand: the person's setting and the browser's permission and visibility. */
export interface NotifyGate {
  setting: boolean;
  permission: NotificationPermission | "unsupported";
  visibility: DocumentVisibilityState;
}

/** Only when the person turned it on, the browser allows it, and the tab is not being looked at. */
export function mayNotify(gate: NotifyGate): boolean {
  return gate.setting && gate.permission === "granted" && gate.visibility === "hidden";
}
