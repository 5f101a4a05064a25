// The pure decisions behind lifecycle integrity and seats: when a call has started (so ending it is
// never "cancelled" and it is never moved), when the first join opens it, who gets the host link's
// seat, and when a full room's seats are given to someone new.
import { describe, expect, it } from "vitest";
import { endReasonAt, hasStarted, openedByJoinAtMs, type CallTiming } from "../../functions/src/service/lifecycle";
import { roomSeatsFreed, seatsForHost } from "../../functions/src/service/seats";
import { freeGuestSeats, isJoinable, PRESENCE_STALE_MS } from "../../functions/src/shared/call-model";

const T = 1_800_000_000_000;
const scheduled: CallTiming = { status: "scheduled", startsAtMs: T, emptyTimeoutSeconds: 300 };

describe("hasStarted / endReasonAt", () => {
  it("cancels a scheduled call only before its start; after it, ending is ended_by_host", () => {
    expect(hasStarted(scheduled, T - 1)).toBe(false);
    expect(endReasonAt(scheduled, T - 1)).toBe("cancelled");
    // The start has passed but nobody marked it open yet (the sweep runs once a minute).
    expect(hasStarted(scheduled, T)).toBe(true);
    expect(endReasonAt(scheduled, T)).toBe("ended_by_host");
    expect(endReasonAt({ ...scheduled, status: "open" }, T - 60_000)).toBe("ended_by_host");
  });

  it("counts an open call as started even if its start was moved later (opened early)", () => {
    expect(hasStarted({ status: "open", startsAtMs: T + 3600_000 }, T)).toBe(true);
  });
});

describe("openedByJoinAtMs", () => {
  const here = (joinedAtMs: number) => ({ left: false, updatedAtMs: joinedAtMs, joinedAtMs });

  it("opens a started scheduled call at the first join, never before its start", () => {
    expect(openedByJoinAtMs(scheduled, [here(T + 500), here(T + 900)], T + 1000)).toBe(T + 500);
    expect(openedByJoinAtMs(scheduled, [here(T - 200)], T + 1000)).toBe(T);
  });

  it("leaves it alone before the start, with nobody here, or when it is not scheduled", () => {
    expect(openedByJoinAtMs(scheduled, [here(T - 10)], T - 1)).toBeNull();
    expect(openedByJoinAtMs(scheduled, [], T + 1000)).toBeNull();
    expect(openedByJoinAtMs(scheduled, [{ left: true, updatedAtMs: T + 10, joinedAtMs: T }], T + 1000)).toBeNull();
    expect(openedByJoinAtMs({ ...scheduled, status: "open" }, [here(T)], T + 1000)).toBeNull();
    expect(openedByJoinAtMs({ ...scheduled, status: "cancelled" }, [here(T)], T + 1000)).toBeNull();
  });
});

describe("isJoinable", () => {
  it("is the rules' joinable(): open, or scheduled and started", () => {
    expect(isJoinable({ status: "open", startsAtMs: T }, T - 1)).toBe(true);
    expect(isJoinable({ status: "scheduled", startsAtMs: T }, T - 1)).toBe(false);
    expect(isJoinable({ status: "scheduled", startsAtMs: T }, T)).toBe(true);
    for (const status of ["ended", "expired", "cancelled"] as const) {
      expect(isJoinable({ status, startsAtMs: T }, T)).toBe(false);
    }
  });
});

describe("seatsForHost", () => {
  it("gives the host the kept seat, next to a guest who came first", () => {
    expect(seatsForHost({ participants: ["guest"], hostSeatReserved: true }, null, "host")).toEqual({
      seats: { participants: ["guest", "host"], hostSeatReserved: false },
      evicted: [],
    });
  });

  it("moves the seat to the latest opener of the link; the earlier one loses it", () => {
    expect(
      seatsForHost({ participants: ["host-laptop", "guest"], hostSeatReserved: false }, "host-laptop", "host-phone"),
    ).toEqual({
      seats: { participants: ["guest", "host-phone"], hostSeatReserved: false },
      evicted: ["host-laptop"],
    });
  });

  it("changes nothing for the host opening the link again", () => {
    expect(seatsForHost({ participants: ["host", "guest"], hostSeatReserved: false }, "host", "host")).toBeNull();
  });

  it("lets a guest who opens the host link keep their one seat and frees the other for a guest", () => {
    expect(seatsForHost({ participants: ["sam"], hostSeatReserved: true }, null, "sam")).toEqual({
      seats: { participants: ["sam"], hostSeatReserved: false },
      evicted: [],
    });
  });

  it("gives no seat when two others hold both (a call stored before seats were kept)", () => {
    expect(seatsForHost({ participants: ["a", "b"], hostSeatReserved: false }, null, "host")).toBeNull();
  });
});

describe("freeGuestSeats", () => {
  it("keeps one seat for the host link while it is reserved", () => {
    expect(freeGuestSeats({ participants: [], hostSeatReserved: true })).toBe(1);
    expect(freeGuestSeats({ participants: ["g"], hostSeatReserved: true })).toBe(0);
    expect(freeGuestSeats({ participants: ["g"], hostSeatReserved: false })).toBe(1);
    expect(freeGuestSeats({ participants: ["a", "b"], hostSeatReserved: false })).toBe(0);
  });
});

describe("roomSeatsFreed", () => {
  const full = { participants: ["erin", "frank"], hostSeatReserved: false, updatedAtMs: T };
  const present = (uid: string, at = T) => ({ uid, left: false, updatedAtMs: at, joinedAtMs: at });

  it("keeps a full room full while both holders are here", () => {
    expect(roomSeatsFreed(full, [present("erin"), present("frank")], "gina", T + 1000)).toBeNull();
  });

  it("frees the seat of a holder who hung up", () => {
    const frankLeft = { ...present("frank"), left: true };
    expect(roomSeatsFreed(full, [present("erin"), frankLeft], "gina", T + 1000)).toEqual({
      seats: { participants: ["erin"], hostSeatReserved: false },
      evicted: ["frank"],
    });
  });

  it("frees the seat of a holder whose heartbeat stopped, only once it is stale", () => {
    const now = T + PRESENCE_STALE_MS;
    expect(roomSeatsFreed(full, [present("erin", now), present("frank", T + 1)], "gina", now)).toBeNull();
    expect(roomSeatsFreed(full, [present("erin", now), present("frank", T)], "gina", now)?.evicted).toEqual(["frank"]);
  });

  it("frees a seat taken without ever joining once the room has been still for PRESENCE_STALE_MS", () => {
    expect(roomSeatsFreed(full, [present("erin")], "gina", T + PRESENCE_STALE_MS - 1)).toBeNull();
    expect(
      roomSeatsFreed(full, [present("erin", T + PRESENCE_STALE_MS)], "gina", T + PRESENCE_STALE_MS)?.evicted,
    ).toEqual(["frank"]);
  });

  it("frees both seats when both holders are gone", () => {
    const gone = (uid: string) => ({ ...present(uid), left: true });
    expect(roomSeatsFreed(full, [gone("erin"), gone("frank")], "gina", T + 1)?.seats.participants).toEqual([]);
  });

  it("does nothing for a holder asking again, or while a seat is free", () => {
    const frankLeft = { ...present("frank"), left: true };
    expect(roomSeatsFreed(full, [present("erin"), frankLeft], "erin", T + 1)).toBeNull();
    expect(roomSeatsFreed({ ...full, participants: ["erin"] }, [present("erin")], "gina", T + 1)).toBeNull();
  });
});
