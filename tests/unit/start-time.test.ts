import { describe, expect, it } from "vitest";
import { checkStartTime, MAX_SCHEDULE_AHEAD_MS, parseRfc3339, START_TOLERANCE_MS } from "@firecall/model";

const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("parseRfc3339", () => {
  it.each([
    ["2026-12-01T15:00:00Z", "2026-12-01T15:00:00.000Z"],
    ["2026-12-01t15:00:00z", "2026-12-01T15:00:00.000Z"],
    ["2026-12-01T16:00:00+01:00", "2026-12-01T15:00:00.000Z"],
    ["2026-12-01T10:30:00-04:30", "2026-12-01T15:00:00.000Z"],
    ["2026-12-01T15:00:00.250Z", "2026-12-01T15:00:00.250Z"],
    ["2026-12-01T15:00:00.123456789Z", "2026-12-01T15:00:00.123Z"],
    ["2028-02-29T00:00:00Z", "2028-02-29T00:00:00.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(new Date(parseRfc3339(text)!).toISOString()).toBe(iso);
  });

  it.each([
    "2026-12-01T15:00:00", // no offset: whose 3 pm?
    "2026-12-01 15:00:00Z",
    "2026-12-01T15:00Z",
    "2026-12-01",
    "2026-02-29T00:00:00Z", // not a leap year
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-12-01T24:00:00Z",
    "2026-12-01T15:60:00Z",
    "2026-12-01T15:00:60Z",
    "2026-12-01T15:00:00+24:00",
    "2026-12-01T15:00:00+01:60",
    "2026-12-01T15:00:00+0100",
    " 2026-12-01T15:00:00Z",
    "1795618333140",
    "",
  ])("rejects %j", (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });
});

describe("checkStartTime", () => {
  it("accepts a future time and a time just past (within the tolerance)", () => {
    expect(checkStartTime("2026-11-25T13:00:00Z", NOW)).toEqual({ ok: true, ms: NOW + 3_600_000 });
    const justPast = new Date(NOW - START_TOLERANCE_MS).toISOString();
    expect(checkStartTime(justPast, NOW)).toEqual({ ok: true, ms: NOW - START_TOLERANCE_MS });
  });

  it("rejects a time past the tolerance, saying when it was", () => {
    const past = new Date(NOW - START_TOLERANCE_MS - 1000).toISOString();
    expect(checkStartTime(past, NOW)).toEqual({
      ok: false,
      problem: "in_past",
      message: `startsAt is in the past: ${past} is before now.`,
    });
  });

  it("accepts exactly a year ahead and rejects a moment more", () => {
    expect(checkStartTime(new Date(NOW + MAX_SCHEDULE_AHEAD_MS).toISOString(), NOW).ok).toBe(true);
    expect(checkStartTime(new Date(NOW + MAX_SCHEDULE_AHEAD_MS + 1000).toISOString(), NOW)).toEqual({
      ok: false,
      problem: "too_far_ahead",
      message: "startsAt must be at most 365 days from now.",
    });
  });

  it("says what shape it wants for text that is not a date-time, and for non-text", () => {
    const result = checkStartTime("next tuesday", NOW);
    expect(result).toMatchObject({ ok: false, problem: "malformed" });
    expect(!result.ok && result.message).toContain('got "next tuesday"');
    expect(checkStartTime(42, NOW)).toEqual({
      ok: false,
      problem: "malformed",
      message: "startsAt must be a date-time string, such as 2026-12-01T15:00:00Z or 2026-12-01T16:00:00+01:00.",
    });
  });
});
