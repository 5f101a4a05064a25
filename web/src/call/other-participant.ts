import type { OtherPresence, OtherView } from "./call-state.js";

/**
 * The other participant, told apart from what this page can observe: their signals document
 * (session, `left`, whether they cleared their signaling, each write's time), a goodbye on the
 * data channel, whether our peer connection to them is up, and whether we ourselves are online.
 * Every transition is a pure function of (state, event), so each case is unit-tested.
 */

/** Presence fields of their signals document (see presence.ts, which reads them). */
export interface OtherDoc {
  session: string;
  left: boolean;
  /** No description and no candidates: a hang-up clears them; the server's stale mark does not. */
  cleared: boolean;
  /** Server time of their latest write, or null while it is pending. */
  updatedAtMs: number | null;
}

export interface OtherTracker {
  presence: OtherPresence;
  session: string | null;
  since: number | null;
  returned: boolean;
  /** Their latest write we saw (server time): a different value means they wrote again. */
  lastWriteMs: number | null;
  /** Local time of their last sign of life: a write we saw, or our connection to them coming up. */
  lastSignAt: number | null;
  /** Local time since when a connection to them is expected but not up; null while up. */
  linkDownSince: number | null;
}

export type OtherEvent =
  | { type: "doc"; doc: OtherDoc | null; now: number }
  | { type: "bye"; now: number }
  | { type: "link"; up: boolean; now: number }
  /** Time passes. `onlineSince`: since when we have been online (null while offline). */
  | { type: "tick"; now: number; onlineSince: number | null };

/**
 * How long the connection may be down with not a single write from them, while we are online,
 * before we say they dropped. While the connection is down both pages write a heartbeat every
 * FAST_HEARTBEAT_MS (presence.ts), so a page that is still there is heard from well within this.
 */
export const SILENCE_MS = 15_000;

export const NOBODY: OtherTracker = {
  presence: "absent",
  session: null,
  since: null,
  returned: false,
  lastWriteMs: null,
  lastSignAt: null,
  linkDownSince: null,
};

export function otherView(t: OtherTracker): OtherView {
  return { presence: t.presence, since: t.since, returned: t.returned };
}

const away = (p: OtherPresence) => p === "dropped" || p === "left";

export function nextOther(t: OtherTracker, e: OtherEvent): OtherTracker {
  switch (e.type) {
    case "doc":
      return onDoc(t, e.doc, e.now);
    case "bye":
      return { ...t, presence: "left", since: t.presence === "left" ? t.since : e.now, linkDownSince: null };
    case "link":
      if (!e.up) return t.linkDownSince === null ? { ...t, linkDownSince: e.now } : t;
      // Only a page that is there completes ICE with us: whatever we thought, they are here.
      return {
        ...t,
        presence: "here",
        returned: t.returned || away(t.presence),
        since: null,
        lastSignAt: e.now,
        linkDownSince: null,
      };
    case "tick":
      return onTick(t, e.now, e.onlineSince);
  }
}

function onDoc(t: OtherTracker, doc: OtherDoc | null, now: number): OtherTracker {
  if (!doc) return t.presence === "absent" ? t : { ...NOBODY };
  if (doc.left) {
    if (t.presence === "left" || (t.presence === "dropped" && !doc.cleared)) return { ...t, session: doc.session };
    // A hang-up clears the signaling; the server's mark for a silent page leaves it as it was.
    const presence: OtherPresence = doc.cleared ? "left" : "dropped";
    const since = t.presence === "dropped" ? t.since : (t.linkDownSince ?? now);
    return { ...t, presence, since, session: doc.session, lastWriteMs: doc.updatedAtMs, linkDownSince: null };
  }
  if (doc.session !== t.session) {
    // A new page load of theirs (a reload, a new tab, back after a crash or after being counted gone).
    return {
      presence: "here",
      session: doc.session,
      since: null,
      returned: t.session !== null && t.presence !== "here",
      lastWriteMs: doc.updatedAtMs,
      lastSignAt: now,
      linkDownSince: null,
    };
  }
  if (doc.updatedAtMs === t.lastWriteMs) return t;
  // A page that said goodbye never comes back as itself (a late write of its own changes nothing).
  if (t.presence === "left") return { ...t, lastWriteMs: doc.updatedAtMs };
  // The same page wrote again: it is alive (its network came back, or it answers our restart).
  const back = t.presence === "dropped";
  return {
    ...t,
    presence: "here",
    since: back ? null : t.since,
    returned: t.returned || back,
    lastWriteMs: doc.updatedAtMs,
    lastSignAt: now,
  };
}

function onTick(t: OtherTracker, now: number, onlineSince: number | null): OtherTracker {
  // Offline, we would not hear them even if they wrote: no verdict.
  if (t.presence !== "here" || t.linkDownSince === null || onlineSince === null) return t;
  const quietSince = Math.max(t.linkDownSince, t.lastSignAt ?? -Infinity, onlineSince);
  if (now - quietSince < SILENCE_MS) return t;
  return { ...t, presence: "dropped", since: t.linkDownSince, returned: false };
}

/**
 * Whether the connection failing to come up is the networks' fault ("your networks block a
 * direct connection"): only when they are here and have been heard from while we tried, and we
 * are online. A peer who went away is never a network problem.
 */
export function networksToBlame(t: OtherTracker, now: number, online: boolean): boolean {
  return online && t.presence === "here" && t.lastSignAt !== null && now - t.lastSignAt < SILENCE_MS;
}
