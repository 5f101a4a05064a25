import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { callableMessage, quotaMessage } from "../../web/src/call/callable-errors";
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

  it(`gives up after ${ROOM_WAIT_MAX_TRIES} asks with a sentence`, async () => {
    const openRoom = vi.fn(async () => ({ id: "room-1", full: true }));
    const room = new RoomEntryController(fakeHost(), openRoom, vi.fn());
    const done = room.open("standup");
    await vi.advanceTimersByTimeAsync(ROOM_WAIT_STEP_MS * ROOM_WAIT_MAX_TRIES);
    await done;
    expect(openRoom).toHaveBeenCalledTimes(ROOM_WAIT_MAX_TRIES);
    expect(room.state).toEqual({
      phase: "error",
      message: "The room is still full. Try again later, or pick another name.",
    });
  });

  it("says in words why the room could not be opened (a quota)", async () => {
    const err = {
      code: "functions/resource-exhausted",
      message: "x [429]",
      details: { reason: "quota_exceeded", quota: "rooms", retryAfterSeconds: 125 },
    };
    const room = new RoomEntryController(fakeHost(), async () => Promise.reject(err), vi.fn());
    await room.open("standup");
    expect(room.state).toEqual({
      phase: "error",
      message: "You have opened many new rooms in a short time. You can open another in about 3 minutes.",
    });
  });
});

describe("quotaMessage", () => {
  it("words a call quota from its details, and ignores other errors", () => {
    const err = (details: unknown) => ({ code: "functions/resource-exhausted", details });
    expect(quotaMessage(err({ reason: "quota_exceeded", quota: "calls", retryAfterSeconds: 30 }))).toBe(
      "You have started many calls in a short time. You can start another in 30 seconds.",
    );
    expect(quotaMessage(err({ reason: "quota_exceeded", quota: "calls" }))).toBe(
      "You have started many calls in a short time. You can start another a little later.",
    );
    // The code alone is not the reason: another resource-exhausted refusal is not a quota.
    expect(quotaMessage(err({ quota: "calls", retryAfterSeconds: 30 }))).toBeNull();
    expect(quotaMessage({ code: "functions/permission-denied", details: { reason: "not_host" } })).toBeNull();
    expect(quotaMessage(null)).toBeNull();
  });
});

describe("callableMessage", () => {
  const refusal = (reason: unknown, message = "Only the person who created this call can end it. [403]") => ({
    code: "functions/permission-denied",
    message,
    details: { reason },
  });

  it("says a refusal in the page's words, chosen by its reason", () => {
    expect(callableMessage(refusal("not_host"), "fallback")).toBe("Only the host can end this call for everyone.");
    expect(callableMessage(refusal("invalid_title", "title must be at most 200 characters. [400]"), "x")).toBe(
      "A title is one line of text of at most 200 characters.",
    );
  });

  it("never shows the server's message: without a reason the page knows, it says the fallback", () => {
    expect(callableMessage(refusal(undefined), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(refusal("no_such_reason"), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(refusal("internal"), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(new Error("network down"), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(null, "Could not end the call.")).toBe("Could not end the call.");
  });
});
