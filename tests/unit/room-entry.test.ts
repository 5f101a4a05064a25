import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callableMessage } from "../../web/src/strings/refusals";
import {
  ROOM_WAIT_MAX_TRIES,
  ROOM_WAIT_STEP_MS,
  RoomEntryController,
} from "../../web/src/controllers/room-entry-controller";

/** A stand-in for the Lit element: counts re-renders. */
function fakeHost() {
  return {
    updates: 0,
    addController: () => {},
    removeController: () => {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("RoomEntryController", () => {
  it("enters a free room at once", async () => {
    const enter = vi.fn();
    const room = new RoomEntryController(fakeHost(), async () => ({ id: "room-1", full: false }), enter);
    await room.open("standup");
    expect(enter).toHaveBeenCalledWith("room-1");
    expect(room.state).toEqual({ phase: "idle" });
  });

  it("says a full room is full, asks again, and enters once a seat is free", async () => {
    const answers = [true, true, false];
    const openRoom = vi.fn(async () => ({ id: "room-1", full: answers.shift()! }));
    const enter = vi.fn();
    const room = new RoomEntryController(fakeHost(), openRoom, enter);
    const done = room.open("standup");
    await vi.advanceTimersByTimeAsync(0);
    expect(room.state).toEqual({ phase: "waiting", name: "standup" });
    await vi.advanceTimersByTimeAsync(ROOM_WAIT_STEP_MS);
    expect(enter).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(ROOM_WAIT_STEP_MS);
    await done;
    expect(openRoom).toHaveBeenCalledTimes(3);
    expect(enter).toHaveBeenCalledWith("room-1");
  });

  it("stops asking when the person stops waiting", async () => {
    const openRoom = vi.fn(async () => ({ id: "room-1", full: true }));
    const enter = vi.fn();
    const room = new RoomEntryController(fakeHost(), openRoom, enter);
    const done = room.open("standup");
    await vi.advanceTimersByTimeAsync(0);
    room.stop();
    await done;
    await vi.advanceTimersByTimeAsync(ROOM_WAIT_STEP_MS * 5);
    expect(openRoom).toHaveBeenCalledTimes(1);
    expect(enter).not.toHaveBeenCalled();
    expect(room.state).toEqual({ phase: "idle" });
  });

  it(`gives up after ${ROOM_WAIT_MAX_TRIES} asks`, async () => {
    const openRoom = vi.fn(async () => ({ id: "room-1", full: true }));
    const room = new RoomEntryController(fakeHost(), openRoom, vi.fn());
    const done = room.open("standup");
    await vi.advanceTimersByTimeAsync(ROOM_WAIT_STEP_MS * ROOM_WAIT_MAX_TRIES);
    await done;
    expect(openRoom).toHaveBeenCalledTimes(ROOM_WAIT_MAX_TRIES);
    expect(room.state).toEqual({ phase: "still-full" });
  });

  it("hands the refusal to the page to word (a quota, here)", async () => {
    const err = {
      code: "functions/resource-exhausted",
      message: "x [429]",
      details: { reason: "quota_exceeded", quota: "rooms", retryAfterSeconds: 125 },
    };
    const room = new RoomEntryController(fakeHost(), async () => Promise.reject(err), vi.fn());
    await room.open("standup");
    expect(room.state).toEqual({ phase: "error", refusal: err });
    expect(callableMessage((room.state as { refusal: unknown }).refusal, "fallback")).toBe(
      "You have opened many new rooms in a short time. You can open another in about 3 minutes.",
    );
  });
});
