import { describe, expect, it } from "vitest";
import {
  countdown,
  fromDateTimeLocalValue,
  localDateTime,
  toDateTimeLocalValue,
  zoneName,
} from "../../web/src/format/local-time";
import { ServerClock } from "../../web/src/call/server-clock";

describe("local time formatting", () => {
  it("shows a start in the person's zone with the zone's name", () => {
    const ms = Date.parse("2026-12-01T15:00:00Z");
    // ICU versions differ in punctuation ("Tuesday, 1 December" or "Tuesday 1 December"): check the parts.
    const text = localDateTime(ms, "en-GB", "Europe/Paris");
    expect(text).toMatch(/^Tuesday,? 1 December 2026 at 16:00 \(Central European Standard Time\)$/);
    expect(zoneName(Date.parse("2026-07-01T12:00:00Z"), "en-US", "America/New_York")).toBe("Eastern Daylight Time");
  });

  it("counts down in minutes and seconds, then hours, then days", () => {
    expect(countdown(65_000)).toBe("01:05");
    expect(countdown(3_600_000 + 1000)).toBe("01:00:01");
    expect(countdown(2 * 86_400_000 + 3_723_000)).toBe("2 d 01:02:03");
    expect(countdown(-5000)).toBe("00:00");
    expect(countdown(400)).toBe("00:01");
  });

  it("round-trips the date-time picker's value in local time", () => {
    const value = "2026-12-01T09:30";
    const ms = fromDateTimeLocalValue(value)!;
    expect(new Date(ms).getHours()).toBe(9);
    expect(toDateTimeLocalValue(ms)).toBe(value);
    expect(fromDateTimeLocalValue("not a date")).toBeNull();
  });
});

describe("ServerClock", () => {
  it("takes the middle of the round trip as the server's reading", async () => {
    let local = 1000;
    const clock = await ServerClock.measure(
      async () => {
        local += 200; // the trip takes 200 ms in all
        return 50_000; // the server read its clock halfway
      },
      () => local,
    );
    expect(clock.offset).toBe(50_000 - 1100);
    expect(clock.now(2000)).toBe(2000 + 50_000 - 1100);
  });

  it("trusts the reading with the shortest round trip (a cold start makes the first one lopsided)", async () => {
    let local = 0;
    const trips = [
      { took: 2000, serverAt: 1990 }, // cold start: the server read its clock just before replying
      { took: 40, serverAt: 20 },
      { took: 60, serverAt: 30 },
    ];
    let i = 0;
    const clock = await ServerClock.measure(
      async () => {
        const trip = trips[i++]!;
        const start = local;
        local += trip.took;
        return start + trip.serverAt; // the server's clock equals ours here
      },
      () => local,
    );
    expect(clock.offset).toBe(0);
  });
});
