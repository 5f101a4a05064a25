import { describe, expect, it } from "vitest";
import { INITIAL_STATE, type CallState } from "../../web/src/call/call-state.js";
import {
  ago,
  awayText,
  initials,
  OFFLINE,
  otherStateText,
  RECONNECTING,
  statusText,
  tabTitle,
} from "../../web/src/strings/call.js";

const state = (patch: Partial<CallState>): CallState => ({ ...INITIAL_STATE, ...patch });
const offline = { online: false, offlineSince: 1000 };

describe("what the call page says", () => {
  it("says the other person dropped, and since when", () => {
    const s = state({ phase: "waiting", other: { presence: "dropped", since: 10_000, returned: false } });
    expect(statusText(s)).toBe("The other person's connection dropped. Waiting for them to come back…");
    expect(statusText(s, false, "Sam")).toBe("Sam's connection dropped. Waiting for them to come back…");
    expect(awayText(s, 10_000 + 95_000)).toBe("Dropped 1 minute ago.");
  });

  it("puts our own offline state first while in the call, and never blames the other person for it", () => {
    const s = state({ phase: "reconnecting", network: offline });
    expect(statusText(s)).toBe(OFFLINE);
    expect(awayText(s, 31_000)).toBe("You went offline 30 seconds ago.");
    expect(statusText(state({ phase: "ready", network: offline }))).toBe("Ready to join.");
  });

  it("says Reconnecting… while joining again after the server counted us gone", () => {
    expect(statusText(state({ phase: "resuming" }))).toBe(RECONNECTING);
    expect(statusText(state({ phase: "checking" }), true)).toBe(RECONNECTING);
    expect(statusText(null, true)).toBe(RECONNECTING);
    expect(statusText(state({ phase: "connected" }), true)).toBe("Connected.");
  });

  it("counts time the way people say it", () => {
    expect(ago(0, 4_999)).toBe("just now");
    expect(ago(0, 45_000)).toBe("45 seconds ago");
    expect(ago(0, 180_000)).toBe("3 minutes ago");
    expect(ago(0, 2 * 3_600_000)).toBe("2 hours ago");
  });
});

describe("names, titles and states on the call screen", () => {
  it("makes up to two initials from a name, in any script, and '?' without one", () => {
    expect(initials("Sam Lee")).toBe("SL");
    expect(initials("  zoë  van der berg ")).toBe("ZV");
    expect(initials("山田")).toBe("山");
    expect(initials("🚀 Rocket")).toBe("🚀R");
    expect(initials("")).toBe("?");
  });

  it("titles the tab by the call's phase and the other person's name, unread messages first", () => {
    expect(tabTitle(state({ phase: "waiting" }), "Sam", 0)).toBe("Waiting for Sam… · Firecall");
    expect(tabTitle(state({ phase: "waiting" }), null, 0)).toBe("Waiting for the other person… · Firecall");
    expect(tabTitle(state({ phase: "connected" }), "Sam", 0)).toBe("In call with Sam · Firecall");
    expect(tabTitle(state({ phase: "connected" }), "Sam", 2)).toBe("(2) In call with Sam · Firecall");
    expect(tabTitle(state({ phase: "ready" }), null, 0)).toBe("Join the call · Firecall");
    expect(tabTitle(state({ phase: "ended" }), "Sam", 0)).toBe("Call ended · Firecall");
  });

  it("tells screen readers the other person's microphone, camera and screen", () => {
    const on = { micOn: true, cameraOn: true, screenSharing: false };
    expect(otherStateText("Sam", on)).toBe("Sam: microphone on, camera on.");
    expect(otherStateText(null, { ...on, micOn: false, cameraOn: false })).toBe(
      "The other person: microphone off, camera off.",
    );
    expect(otherStateText("Sam", { ...on, screenSharing: true, micOn: false })).toBe(
      "Sam is presenting. Microphone off.",
    );
  });
});
