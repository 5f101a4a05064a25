// scheduleCall and endCall through the Functions emulator, with the web SDK the app uses; what is
// stored is inspected with the Admin SDK. Later joins go through the security rules.
import { arrayUnion, doc, setDoc, updateDoc } from "firebase/firestore";
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CALLS, EMPTY_TIMEOUT_BOUNDS, LIMITS, SIGNALS } from "../../functions/src/shared/call-model";
import { START_TOLERANCE_MS } from "../../functions/src/shared/start-time";
import { EmulatorClients, expectCallableError, functionsEnv, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";

const clients = new EmulatorClients("schedule-test");
const UNUSED_TIMEOUT_MS = Number(functionsEnv().CALL_UNUSED_TIMEOUT_SECONDS) * 1000;

beforeEach(() => clients.clearFirestore());
afterEach(() => clients.closeClients());
afterAll(() => clients.close());

interface Scheduled {
  id: string;
  status: string;
  startsAt: string;
}

const schedule = (c: TestClient, data: unknown) => c.call<Scheduled>("scheduleCall", data);
const endCall = (c: TestClient, callId: unknown) =>
  c.call<{ status: string; endReason: string | null }>("endCall", { callId });
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function expectPermissionDenied(write: Promise<unknown>): Promise<void> {
  await expect(write).rejects.toMatchObject({ code: "permission-denied" });
}

describe("scheduleCall", () => {
  it("stores a scheduled call with the creator seated, opening at the given time", async () => {
    const alice = await clients.client();
    const startsAt = "2027-03-01T10:30:00+01:00";
    const result = await schedule(alice, { startsAt, title: "Design review", emptyTimeoutSeconds: 120 });
    expect(result).toEqual({ id: expect.any(String), status: "scheduled", startsAt: "2027-03-01T09:30:00.000Z" });
    const call = (await clients.storedCalls()).get(result.id)!;
    expect(call).toMatchObject({
      kind: "call",
      status: "scheduled",
      createdBy: alice.uid,
      participants: [alice.uid],
      title: "Design review",
      startsAt: Timestamp.fromDate(new Date("2027-03-01T09:30:00Z")),
      openedAt: null,
      emptyTimeoutSeconds: 120,
      // Nobody ever joining: it expires the unused timeout after its start.
      expiresAt: Timestamp.fromMillis(Date.parse("2027-03-01T09:30:00Z") + UNUSED_TIMEOUT_MS),
      endReason: null,
    });
  });

  it("opens at once a call whose start is now (within the tolerance) or absent", async () => {
    const alice = await clients.client();
    const slightlyPast = new Date(Date.now() - START_TOLERANCE_MS / 2).toISOString();
    const a = await schedule(alice, { startsAt: slightlyPast });
    const b = await schedule(alice, {});
    expect([a.status, b.status]).toEqual(["open", "open"]);
    expect((await clients.storedCalls()).get(b.id)).toMatchObject({
      status: "open",
      openedAt: expect.any(Timestamp),
      emptyTimeoutSeconds: Number(functionsEnv().CALL_EMPTY_TIMEOUT_SECONDS),
    });
  });

  it("refuses an unauthenticated caller and writes nothing", async () => {
    const anon = await clients.client(false);
    await expectCallableError(
      schedule(anon, { startsAt: inMinutes(10) }),
      "functions/unauthenticated",
      "Sign in first.",
    );
    expect((await clients.storedCalls()).size).toBe(0);
  });

  const hint = "such as 2026-12-01T15:00:00Z or 2026-12-01T16:00:00+01:00";
  const bad: [string, () => unknown, string][] = [
    [
      "a start in the past",
      () => ({ startsAt: "2020-01-01T00:00:00Z" }),
      "startsAt is in the past: 2020-01-01T00:00:00.000Z is before now.",
    ],
    [
      "a start more than a year ahead",
      () => ({ startsAt: new Date(Date.now() + 366 * 86_400_000).toISOString() }),
      "startsAt must be at most 365 days from now.",
    ],
    [
      "a time without an offset",
      () => ({ startsAt: "2027-03-01T10:30:00" }),
      `startsAt must be an RFC 3339 date-time with a time zone offset, ${hint}; got "2027-03-01T10:30:00".`,
    ],
    [
      "an impossible date",
      () => ({ startsAt: "2027-02-30T10:30:00Z" }),
      `startsAt must be an RFC 3339 date-time with a time zone offset, ${hint}; got "2027-02-30T10:30:00Z".`,
    ],
    [
      "words instead of a time",
      () => ({ startsAt: "tomorrow at noon" }),
      `startsAt must be an RFC 3339 date-time with a time zone offset, ${hint}; got "tomorrow at noon".`,
    ],
    [
      "a number instead of a string",
      () => ({ startsAt: 1795618333140 }),
      `startsAt must be a date-time string, ${hint}.`,
    ],
    [
      "a grace period below the bounds",
      () => ({ startsAt: inMinutes(10), emptyTimeoutSeconds: EMPTY_TIMEOUT_BOUNDS.minSeconds - 1 }),
      "emptyTimeoutSeconds must be a whole number of seconds from 30 to 86400.",
    ],
    [
      "a grace period above the bounds",
      () => ({ startsAt: inMinutes(10), emptyTimeoutSeconds: EMPTY_TIMEOUT_BOUNDS.maxSeconds + 1 }),
      "emptyTimeoutSeconds must be a whole number of seconds from 30 to 86400.",
    ],
    [
      "a fractional grace period",
      () => ({ startsAt: inMinutes(10), emptyTimeoutSeconds: 90.5 }),
      "emptyTimeoutSeconds must be a whole number of seconds from 30 to 86400.",
    ],
    [
      "a title that is too long",
      () => ({ startsAt: inMinutes(10), title: "t".repeat(LIMITS.titleMaxLength + 1) }),
      "title must be at most 200 characters.",
    ],
    ["a title that is not text", () => ({ title: ["a"] }), "title must be a string."],
    [
      "an unknown field",
      () => ({ startsAt: inMinutes(10), createdBy: "mallory" }),
      'Unknown field "createdBy": the fields are startsAt, title, emptyTimeoutSeconds.',
    ],
    ["a list instead of an object", () => [inMinutes(10)], "The request must be an object."],
  ];
  for (const [label, data, message] of bad) {
    it(`refuses ${label} with invalid-argument and writes nothing`, async () => {
      const alice = await clients.client();
      await expectCallableError(schedule(alice, data()), "functions/invalid-argument", message);
      expect((await clients.storedCalls()).size).toBe(0);
    });
  }
});

describe("join gate (security rules, server time)", () => {
  it("denies a seat one second before the start and allows it at the start", async () => {
    const alice = await clients.client();
    const bob = await clients.client();
    const { id } = await schedule(alice, { startsAt: inMinutes(10) });
    const ref = doc(bob.db, CALLS, id);
    const signalRef = doc(alice.db, CALLS, id, SIGNALS, alice.uid!);
    // Move the start to one second from now, then try both writes. The answers must come back before
    // the start for the try to prove anything (request.time is earlier than the answer); on a very
    // busy machine that can fail, and the try is repeated with a fresh start, a bounded number of times.
    let startsAtMs = 0;
    for (let attempt = 0; ; attempt++) {
      startsAtMs = Date.now() + 1000;
      await clients.moveStart(id, startsAtMs);
      await clients.admin.doc(`${CALLS}/${id}`).update({ participants: [alice.uid] });
      await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${alice.uid}`).delete();
      const seat = await updateDoc(ref, { participants: arrayUnion(bob.uid) }).catch((e: { code?: string }) => e.code);
      const signal = await setDoc(signalRef, newSignalDoc()).catch((e: { code?: string }) => e.code);
      if (Date.now() < startsAtMs) {
        expect([seat, signal]).toEqual(["permission-denied", "permission-denied"]);
        break;
      }
      expect(attempt, "every try took longer than a second").toBeLessThan(4);
    }
    expect((await clients.storedCalls()).get(id)!.participants).toEqual([alice.uid]);
    // Bounded wait on the clock itself, not on the system under test.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAtMs - Date.now() + 20)));
    await updateDoc(ref, { participants: arrayUnion(bob.uid) });
    await setDoc(signalRef, newSignalDoc());
    expect((await clients.storedCalls()).get(id)!.participants).toEqual([alice.uid, bob.uid]);
    // The rules let people in on time, before any sweep; the first join opens the call at once.
    await clients.waitForCall(id, (c) => c.status === "open", "the first join after the start to open the call");
  });
});

describe("endCall", () => {
  async function callWithTwo(): Promise<{ id: string; alice: TestClient; bob: TestClient }> {
    const alice = await clients.client();
    const bob = await clients.client();
    const { id } = await schedule(alice, {});
    await updateDoc(doc(bob.db, CALLS, id), { participants: arrayUnion(bob.uid) });
    await setDoc(doc(alice.db, CALLS, id, SIGNALS, alice.uid!), newSignalDoc());
    await setDoc(doc(bob.db, CALLS, id, SIGNALS, bob.uid!), newSignalDoc({ session: "session-0002" }));
    // Both present: the trigger clears expiresAt; compare snapshots only after it has.
    await clients.waitForCall(id, (c) => c.expiresAt === null, "the trigger to see both present");
    return { id, alice, bob };
  }

  async function signalsOf(id: string): Promise<string[]> {
    return (await clients.admin.collection(`${CALLS}/${id}/${SIGNALS}`).get()).docs.map((d) => d.id).sort();
  }

  it("lets the creator end the call: a small record stays, signaling is deleted", async () => {
    const { id, alice, bob } = await callWithTwo();
    const before = Date.now();
    expect(await endCall(alice, id)).toEqual({ status: "ended", endReason: "ended_by_host" });
    const call = (await clients.storedCalls()).get(id)!;
    expect(call).toMatchObject({ status: "ended", endReason: "ended_by_host", expiresAt: null });
    expect(Math.abs((call.endedAt as Timestamp).toMillis() - before)).toBeLessThan(60_000);
    expect(await signalsOf(id)).toEqual([]);
    // A later join is refused by the rules, and nobody can write signaling any more.
    const carol = await clients.client();
    await expectPermissionDenied(updateDoc(doc(carol.db, CALLS, id), { participants: arrayUnion(carol.uid) }));
    await expectPermissionDenied(setDoc(doc(bob.db, CALLS, id, SIGNALS, bob.uid!), newSignalDoc()));
  });

  it("is idempotent: ending an ended call changes nothing and says how it ended", async () => {
    const { id, alice } = await callWithTwo();
    await endCall(alice, id);
    const first = (await clients.storedCalls()).get(id);
    expect(await endCall(alice, id)).toEqual({ status: "ended", endReason: "ended_by_host" });
    expect((await clients.storedCalls()).get(id)).toEqual(first);
  });

  it("cancels a scheduled call that has not started", async () => {
    const alice = await clients.client();
    const { id } = await schedule(alice, { startsAt: inMinutes(30) });
    expect(await endCall(alice, id)).toEqual({ status: "cancelled", endReason: "cancelled" });
    expect((await clients.storedCalls()).get(id)).toMatchObject({ status: "cancelled", endReason: "cancelled" });
  });

  for (const who of ["the other participant", "a stranger"] as const) {
    it(`denies ${who} with permission-denied and changes nothing`, async () => {
      const { id, bob } = await callWithTwo();
      const caller = who === "a stranger" ? await clients.client() : bob;
      const before = (await clients.storedCalls()).get(id);
      await expectCallableError(
        endCall(caller, id),
        "functions/permission-denied",
        "Only the person who created this call can end it.",
      );
      expect((await clients.storedCalls()).get(id)).toEqual(before);
      expect(await signalsOf(id)).toHaveLength(2);
    });
  }

  it("refuses an unauthenticated caller", async () => {
    const { id } = await callWithTwo();
    const anon = await clients.client(false);
    await expectCallableError(endCall(anon, id), "functions/unauthenticated", "Sign in first.");
    expect((await clients.storedCalls()).get(id)).toMatchObject({ status: "open" });
  });

  it("says which call ids are malformed or unknown", async () => {
    const alice = await clients.client();
    await expectCallableError(
      endCall(alice, "not a call"),
      "functions/invalid-argument",
      "callId must be a call id such as abcd-efgh-ijkm-nopq.",
    );
    await expectCallableError(
      endCall(alice, 42),
      "functions/invalid-argument",
      "callId must be a call id such as abcd-efgh-ijkm-nopq.",
    );
    await expectCallableError(
      endCall(alice, "abcd-efgh-ijkm-nopq"),
      "functions/not-found",
      "There is no call with this id.",
    );
    expect((await clients.storedCalls()).size).toBe(0);
  });
});
