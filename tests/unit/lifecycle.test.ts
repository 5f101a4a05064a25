import { describe, expect, it } from "vitest";
import {
  expiresAtMs,
  goneSinceMs,
  isDueToExpire,
  isDueToOpen,
  isStale,
  type CallTiming,
} from "../../functions/src/service/lifecycle";
import { PRESENCE_STALE_MS } from "@firecall/model";

const T = 1_800_000_000_000;
const settings = { unusedTimeoutSeconds: 3600 };
const open: CallTiming = { status: "open", startsAtMs: T, emptyTimeoutSeconds: 300 };

describe("presence", () => {
  it("counts a silent participant as gone from their last write once PRESENCE_STALE_MS has passed", () => {
    const p = { left: false, updatedAtMs: T };
    expect(isStale(p, T + PRESENCE_STALE_MS - 1)).toBe(false);
    expect(goneSinceMs(p, T + PRESENCE_STALE_MS - 1)).toBeNull();
    expect(isStale(p, T + PRESENCE_STALE_MS)).toBe(true);
    expect(goneSinceMs(p, T + PRESENCE_STALE_MS)).toBe(T);
  });

  it("counts someone who said goodbye as gone since then, and never as stale", () => {
    const p = { left: true, updatedAtMs: T };
    expect(goneSinceMs(p, T)).toBe(T);
    expect(isStale(p, T + 10 * PRESENCE_STALE_MS)).toBe(false);
  });
});

describe("expiresAtMs", () => {
  it("is null while anyone is in the call", () => {
    const presences = [
      { left: true, updatedAtMs: T },
      { left: false, updatedAtMs: T + 10_000 },
    ];
    expect(expiresAtMs(open, presences, T + 20_000, settings)).toBeNull();
  });

  it("is the last departure plus the grace period once everyone has gone", () => {
    const presences = [
      { left: true, updatedAtMs: T },
      { left: true, updatedAtMs: T + 10_000 },
    ];
    expect(expiresAtMs(open, presences, T + 20_000, settings)).toBe(T + 10_000 + 300_000);
    expect(isDueToExpire(open, presences, T + 309_999, settings)).toBe(false);
    expect(isDueToExpire(open, presences, T + 310_000, settings)).toBe(true);
  });

  it("treats a crashed participant's last heartbeat as their departure", () => {
    const presences = [
      { left: true, updatedAtMs: T + 5_000 },
      { left: false, updatedAtMs: T },
    ];
    expect(expiresAtMs(open, presences, T + PRESENCE_STALE_MS - 1, settings)).toBeNull();
    expect(expiresAtMs(open, presences, T + PRESENCE_STALE_MS, settings)).toBe(T + 5_000 + 300_000);
  });

  it("gives a call nobody joined its start plus the unused timeout", () => {
    const scheduled: CallTiming = { ...open, status: "scheduled", startsAtMs: T + 86_400_000 };
    expect(expiresAtMs(scheduled, [], T, settings)).toBe(T + 86_400_000 + 3_600_000);
  });

  it("is null for a call that is over", () => {
    for (const status of ["ended", "expired", "cancelled"] as const) {
      expect(expiresAtMs({ ...open, status }, [], T, settings)).toBeNull();
    }
  });
});

describe("isDueToOpen", () => {
  it("opens a scheduled call at its start, not a millisecond before", () => {
    const scheduled: CallTiming = { ...open, status: "scheduled" };
    expect(isDueToOpen(scheduled, T - 1)).toBe(false);
    expect(isDueToOpen(scheduled, T)).toBe(true);
    expect(isDueToOpen(open, T)).toBe(false);
  });
});
