import { describe, expect, it } from "vitest";
import {
  networksToBlame,
  nextOther,
  NOBODY,
  SILENCE_MS,
  type OtherDoc,
  type OtherEvent,
  type OtherTracker,
} from "../../web/src/call/other-participant.js";

const doc = (session: string, updatedAtMs: number | null, extra: Partial<OtherDoc> = {}): OtherDoc => ({
  session,
  left: false,
  cleared: false,
  updatedAtMs,
  ...extra,
});

function run(events: OtherEvent[], from: OtherTracker = NOBODY): OtherTracker {
  return events.reduce(nextOther, from);
}

/** Sam is in the call with us, the connection up (at t = 1000). */
const inCall = run([
  { type: "doc", doc: doc("sam-1", 500), now: 1000 },
  { type: "link", up: true, now: 1000 },
]);

describe("the other participant", () => {
  it("is here once their document appears, and not before", () => {
    expect(run([{ type: "doc", doc: null, now: 0 }]).presence).toBe("absent");
    expect(inCall).toMatchObject({ presence: "here", session: "sam-1", returned: false, linkDownSince: null });
  });

  it("peer dropped: connection down and not a word from them for SILENCE_MS while we are online", () => {
    const down = run([{ type: "link", up: false, now: 2000 }], inCall);
    expect(run([{ type: "tick", now: 2000 + SILENCE_MS - 1, onlineSince: 0 }], down).presence).toBe("here");
    const dropped = run([{ type: "tick", now: 2000 + SILENCE_MS, onlineSince: 0 }], down);
    expect(dropped).toMatchObject({ presence: "dropped", since: 2000 });
  });

  it("is not called dropped while they keep writing (their network works, the path does not)", () => {
    const down = run([{ type: "link", up: false, now: 2000 }], inCall);
    const heard = run([{ type: "doc", doc: doc("sam-1", 9000), now: 12_000 }], down);
    expect(run([{ type: "tick", now: 2000 + SILENCE_MS + 1, onlineSince: 0 }], heard).presence).toBe("here");
    expect(networksToBlame(heard, 13_000, true)).toBe(true);
  });

  it("gives no verdict while we are offline, and a full silence period after we are back", () => {
    const down = run([{ type: "link", up: false, now: 2000 }], inCall);
    expect(run([{ type: "tick", now: 60_000, onlineSince: null }], down).presence).toBe("here");
    expect(run([{ type: "tick", now: 60_000, onlineSince: 50_000 }], down).presence).toBe("here");
    expect(run([{ type: "tick", now: 50_000 + SILENCE_MS, onlineSince: 50_000 }], down).presence).toBe("dropped");
  });

  it("peer back: a write from the same page after a drop brings them back", () => {
    const dropped = run(
      [
        { type: "link", up: false, now: 2000 },
        { type: "tick", now: 2000 + SILENCE_MS, onlineSince: 0 },
      ],
      inCall,
    );
    const back = run([{ type: "doc", doc: doc("sam-1", 40_000), now: 41_000 }], dropped);
    expect(back).toMatchObject({ presence: "here", returned: true, since: null, lastSignAt: 41_000 });
    // The same document delivered again (a metadata change) is no sign of life.
    expect(run([{ type: "doc", doc: doc("sam-1", 500), now: 30_000 }], dropped).presence).toBe("dropped");
  });

  it("peer back: a new page load of theirs (reload, new tab, after a crash) is a return", () => {
    const dropped = run(
      [
        { type: "link", up: false, now: 2000 },
        { type: "tick", now: 30_000, onlineSince: 0 },
      ],
      inCall,
    );
    const returned = run([{ type: "doc", doc: doc("sam-2", 70_000), now: 71_000 }], dropped);
    expect(returned).toMatchObject({ presence: "here", session: "sam-2", returned: true, linkDownSince: null });
  });

  it("the server counting them gone (left, signaling intact) is a drop; a hang-up (cleared) is a leave", () => {
    const marked = run([{ type: "doc", doc: doc("sam-1", 500, { left: true }), now: 5000 }], inCall);
    expect(marked).toMatchObject({ presence: "dropped", since: 5000 });
    const hungUp = run([{ type: "doc", doc: doc("sam-1", 600, { left: true, cleared: true }), now: 5000 }], inCall);
    expect(hungUp).toMatchObject({ presence: "left", since: 5000 });
  });

  it("keeps the time of the drop when the server later counts them gone", () => {
    const dropped = run(
      [
        { type: "link", up: false, now: 2000 },
        { type: "tick", now: 30_000, onlineSince: 0 },
      ],
      inCall,
    );
    const marked = run([{ type: "doc", doc: doc("sam-1", 500, { left: true }), now: 160_000 }], dropped);
    expect(marked).toMatchObject({ presence: "dropped", since: 2000 });
  });

  it("a goodbye is final for that page: its late writes do not bring it back", () => {
    const bye = run([{ type: "bye", now: 3000 }], inCall);
    expect(bye).toMatchObject({ presence: "left", since: 3000 });
    expect(run([{ type: "doc", doc: doc("sam-1", 2999), now: 3100 }], bye).presence).toBe("left");
  });

  it("the connection coming up means they are here, whatever we thought", () => {
    const dropped = run(
      [
        { type: "link", up: false, now: 2000 },
        { type: "tick", now: 30_000, onlineSince: 0 },
      ],
      inCall,
    );
    expect(run([{ type: "link", up: true, now: 31_000 }], dropped)).toMatchObject({ presence: "here", returned: true });
  });

  it("blames the networks only for someone who is here, heard from lately, while we are online", () => {
    const down = run([{ type: "link", up: false, now: 2000 }], inCall);
    expect(networksToBlame(down, 2000, true)).toBe(true);
    expect(networksToBlame(down, 2000, false)).toBe(false);
    expect(networksToBlame(down, 1000 + SILENCE_MS, true)).toBe(false);
    const dropped = run([{ type: "tick", now: 2000 + SILENCE_MS, onlineSince: 0 }], down);
    expect(networksToBlame(dropped, 2000 + SILENCE_MS, true)).toBe(false);
  });
});
