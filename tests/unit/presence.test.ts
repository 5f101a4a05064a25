import { describe, expect, it } from "vitest";
import { DEFAULT_PARTICIPANT_STATE, type SignalDoc } from "@firecall/model";
import { inCallPhase } from "../../web/src/call/in-call-phase.js";
import {
  FAST_HEARTBEAT_MS,
  FAST_HEARTBEAT_WINDOW_MS,
  heartbeatDue,
  otherDoc,
  ownVerdict,
} from "../../web/src/call/presence.js";

const at = (ms: number) => ({ toMillis: () => ms });
const signal = (extra: Partial<SignalDoc> = {}): SignalDoc => ({
  session: "me-1",
  joinedAt: at(1000),
  target: null,
  description: { type: "offer", sdp: "v=0", seq: 0 },
  candidates: [],
  left: false,
  updatedAt: at(2000),
  participant: DEFAULT_PARTICIPANT_STATE,
  ...extra,
});

describe("presence", () => {
  it("writes the heartbeat every heartbeatMs, and every FAST_HEARTBEAT_MS while the connection is down", () => {
    const base = { lastBeatAt: 0, heartbeatMs: 60_000, linkDownSince: null };
    expect(heartbeatDue({ ...base, now: 59_999 })).toBe(false);
    expect(heartbeatDue({ ...base, now: 60_000 })).toBe(true);
    const down = { ...base, linkDownSince: 1000 };
    expect(heartbeatDue({ ...down, now: FAST_HEARTBEAT_MS - 1 })).toBe(false);
    expect(heartbeatDue({ ...down, now: FAST_HEARTBEAT_MS })).toBe(true);
    // A long outage goes back to the normal pace: someone silent that long is not coming back soon.
    const later = {
      ...down,
      lastBeatAt: FAST_HEARTBEAT_WINDOW_MS,
      now: FAST_HEARTBEAT_WINDOW_MS + 1000 + FAST_HEARTBEAT_MS,
    };
    expect(heartbeatDue(later)).toBe(false);
  });

  it("server counted me gone: our own session marked left", () => {
    expect(ownVerdict(signal({ left: true }), "me-1", true, true)).toEqual({ kind: "counted-gone" });
    const mine = ownVerdict(signal(), "me-1", false, true);
    expect(mine.kind === "mine" && mine.joinedAt?.toMillis()).toBe(1000);
    expect(ownVerdict(signal(), "me-1", false, false)).toEqual({ kind: "mine", joinedAt: null });
  });

  it("another tab took the seat only once our own session was seen there", () => {
    expect(ownVerdict(signal({ session: "other-tab" }), "me-1", true, true)).toEqual({ kind: "replaced" });
    // Before our join lands, the document still holds an earlier page load's session.
    expect(ownVerdict(signal({ session: "earlier" }), "me-1", false, true)).toEqual({ kind: "nothing" });
    expect(ownVerdict(null, "me-1", true, true)).toEqual({ kind: "nothing" });
  });

  it("reads the other side's presence fields: a hang-up clears the signaling, the server's mark does not", () => {
    expect(otherDoc(signal({ left: true }))).toEqual({
      session: "me-1",
      left: true,
      cleared: false,
      updatedAtMs: 2000,
    });
    expect(otherDoc(signal({ left: true, description: null }))?.cleared).toBe(true);
    expect(otherDoc(signal({ updatedAt: null }))?.updatedAtMs).toBeNull();
    expect(otherDoc(null)).toBeNull();
  });

  it("a joined page waits while the other is away, and reconnects only after it was connected", () => {
    expect(inCallPhase("dropped", "down", true)).toBe("waiting");
    expect(inCallPhase("left", "idle", false)).toBe("waiting");
    expect(inCallPhase("here", "up", true)).toBe("connected");
    expect(inCallPhase("here", "down", false)).toBe("connecting");
    expect(inCallPhase("here", "down", true)).toBe("reconnecting");
  });
});
