import { describe, expect, it } from "vitest";
import { INITIAL_STATE, type CallState, type ChatEntry, type OtherPresence } from "../../web/src/call/call-state.js";
import { attentionEvents, mayNotify, snapshotOf } from "../../web/src/controllers/attention-events.js";
import { notificationText } from "../../web/src/strings/call.js";

const message = (from: "me" | "them", text: string, n: number): ChatEntry => ({ id: `m${n}`, from, text, sentAt: n });

const state = (phase: CallState["phase"], presence: OtherPresence, messages: ChatEntry[] = []): CallState => ({
  ...INITIAL_STATE,
  phase,
  other: { presence, since: null, returned: false },
  messages,
});

/** The events of going from one state to the next, as the controller sees them. */
const between = (a: CallState, b: CallState) => attentionEvents(snapshotOf(a), snapshotOf(b));

describe("what draws attention back to the call", () => {
  it("the other person joining, leaving and dropping are events while we are in the call", () => {
    expect(between(state("waiting", "absent"), state("connecting", "here"))).toEqual([{ kind: "joined" }]);
    expect(between(state("connected", "here"), state("waiting", "left"))).toEqual([{ kind: "left", dropped: false }]);
    expect(between(state("connected", "here"), state("waiting", "dropped"))).toEqual([{ kind: "left", dropped: true }]);
    // Coming back after a drop is a join; a drop that turns into a leave is not news twice.
    expect(between(state("waiting", "dropped"), state("connecting", "here"))).toEqual([{ kind: "joined" }]);
    expect(between(state("waiting", "dropped"), state("waiting", "left"))).toEqual([]);
  });

  it("entering the call where someone already waits, and anything outside the call, are not events", () => {
    expect(between(state("joining", "here"), state("connecting", "here"))).toEqual([]);
    expect(between(state("ready", "absent"), state("waiting", "absent"))).toEqual([]);
    expect(between(state("connected", "here"), state("left", "here"))).toEqual([]);
    expect(attentionEvents(null, null)).toEqual([]);
  });

  it("their new messages are an event with the latest text and how many; ours are not", () => {
    const one = [message("them", "hi", 1)];
    const three = [...one, message("me", "hello", 2), message("them", "are you there?", 3), message("them", "ok", 4)];
    expect(between(state("connected", "here", one), state("connected", "here", three))).toEqual([
      { kind: "message", text: "ok", count: 2 },
    ]);
    expect(
      between(state("connected", "here", one), state("connected", "here", [...one, message("me", "x", 5)])),
    ).toEqual([]);
    // Messages that were there before we entered the call (a reload) are not news.
    expect(between(state("joining", "here"), state("connected", "here", one))).toEqual([]);
  });

  it("notifies only when turned on, allowed by the browser, and the tab is hidden", () => {
    const ok = { setting: true, permission: "granted", visibility: "hidden" } as const;
    expect(mayNotify(ok)).toBe(true);
    expect(mayNotify({ ...ok, visibility: "visible" })).toBe(false);
    expect(mayNotify({ ...ok, setting: false })).toBe(false);
    expect(mayNotify({ ...ok, permission: "default" })).toBe(false);
    expect(mayNotify({ ...ok, permission: "denied" })).toBe(false);
    expect(mayNotify({ ...ok, permission: "unsupported" })).toBe(false);
  });

  it("says what happened with the other person's name, and clips long messages", () => {
    expect(notificationText({ kind: "joined" }, "Sam")).toEqual({
      title: "Sam joined the call",
      body: "Click to go back to the call.",
    });
    expect(notificationText({ kind: "left", dropped: false }, null).title).toBe("The other person left the call");
    expect(notificationText({ kind: "left", dropped: true }, "Sam").title).toBe("Sam's connection dropped");
    expect(notificationText({ kind: "message", text: "hi", count: 1 }, "Sam")).toEqual({
      title: "New message from Sam",
      body: "hi",
    });
    expect(notificationText({ kind: "message", text: "x", count: 3 }, "Sam").title).toBe("3 new messages from Sam");
    const long = notificationText({ kind: "message", text: "😀".repeat(500), count: 1 }, "Sam").body;
    expect([...long]).toHaveLength(200);
    expect(long.endsWith("…")).toBe(true);
  });
});
