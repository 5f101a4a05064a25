// When presence is worth a webhook: the first arrival, a departure that lasts the grace period, and
// a return after one; a reload (leave and back within the grace period) or a new session of someone
// already in tells nothing, however often it happens.
import { describe, expect, it } from "vitest";
import { decidePresence, presenceWrite, type PresenceState } from "../../functions/src/service/webhook-presence";
import type { Delivery, StoredWebhook } from "../../functions/src/service/webhook-store";

const GRACE = 60_000;

/** Runs a sequence of (time, in call?) observations and collects what would be told. */
function replay(steps: [number, boolean][]): string[] {
  let told: PresenceState | null = null;
  const out: string[] = [];
  for (const [at, inCall] of steps) {
    const d = decidePresence(told, inCall, at, GRACE);
    if (d.action === "none") continue;
    told = d.next;
    out.push(d.action === "leave" ? `leave@${d.dueAtMs}#${d.next.visit}` : `${d.action}#${d.next.visit}`);
  }
  return out;
}

describe("decidePresence", () => {
  it("tells the first arrival once, whatever follows while the person stays", () => {
    expect(replay([[0, true]])).toEqual(["join#1"]);
    expect(
      replay([
        [0, true],
        [5, true],
        [9, true],
      ]),
    ).toEqual(["join#1"]);
  });

  it("holds a departure back for the grace period and withdraws it on a quick return (a reload)", () => {
    expect(
      replay([
        [0, true],
        [1000, false],
        [3000, true],
      ]),
    ).toEqual(["join#1", "leave@61000#1", "withdraw#1"]);
  });

  it("a guest flipping sessions 16 times is one join", () => {
    const steps: [number, boolean][] = [[0, true]];
    for (let i = 1; i <= 16; i++) steps.push([i * 1000, false], [i * 1000 + 500, true]);
    const told = replay(steps);
    expect(told.filter((t) => t.startsWith("join"))).toEqual(["join#1"]);
    expect(told.filter((t) => t.startsWith("leave"))).toHaveLength(16);
    expect(told.filter((t) => t.startsWith("withdraw"))).toHaveLength(16);
  });

  it("a return after the grace period is a new visit", () => {
    expect(
      replay([
        [0, true],
        [1000, false],
        [1000 + GRACE, true],
      ]),
    ).toEqual(["join#1", "leave@61000#1", "join#2"]);
  });

  it("never tells a departure twice, nor one of someone it never told about", () => {
    expect(replay([[0, false]])).toEqual([]);
    expect(
      replay([
        [0, true],
        [1, false],
        [2, false],
      ]),
    ).toEqual(["join#1", "leave@60001#1"]);
  });
});

describe("presenceWrite", () => {
  const hooks: StoredWebhook[] = [
    { id: "wh_a", appId: "app", url: "https://a.example.org/", secret: "s", events: [], createdAtMs: 0 },
    { id: "wh_b", appId: "app", url: "https://b.example.org/", secret: "s", events: ["call.ended"], createdAtMs: 0 },
  ];
  const about = { appId: "app", callId: "abcd-efgh-ijkm-nopq", uid: "u1", data: { participant: { uid: "u1" } } };
  const heldBack = (attempts: number): Delivery => ({
    id: "evt_left_wh_a",
    eventId: "evt_left",
    type: "participant.left",
    appId: "app",
    webhookId: "wh_a",
    body: "{}",
    state: "pending",
    attempts,
    nextAttemptAtMs: 61_000,
    lastError: null,
    deliveredAtMs: null,
    expiresAtMs: 0,
  });
  const away: PresenceState = { present: true, visit: 1, leftAtMs: 1000 };

  it("enqueues a held-back participant.left for the endpoints that want it", () => {
    const write = presenceWrite(
      { told: { present: true, visit: 1, leftAtMs: null }, inCall: false, hooks, pendingLeft: [] },
      about,
      1000,
      GRACE,
    )!;
    expect(write.create.map((d) => [d.webhookId, d.type, d.nextAttemptAtMs])).toEqual([
      ["wh_a", "participant.left", 61_000],
    ]);
    expect(write.leftEventId).toBe(write.create[0]!.eventId);
  });

  it("takes back a held-back departure nobody was sent yet", () => {
    const write = presenceWrite({ told: away, inCall: true, hooks, pendingLeft: [heldBack(0)] }, about, 3000, GRACE)!;
    expect(write).toMatchObject({ told: { visit: 1, leftAtMs: null }, create: [], remove: ["evt_left_wh_a"] });
  });

  it("tells the return as a new visit when the departure may already have gone out", () => {
    const write = presenceWrite({ told: away, inCall: true, hooks, pendingLeft: [heldBack(1)] }, about, 3000, GRACE)!;
    expect(write).toMatchObject({ told: { visit: 2, leftAtMs: null }, remove: [] });
    expect(write.create.map((d) => d.type)).toEqual(["participant.joined"]);
  });
});
