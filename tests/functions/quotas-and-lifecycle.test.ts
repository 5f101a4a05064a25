// Per-person creation quotas, relay credentials only for an open call, and lifecycle integrity
// (a scheduled call opens at the first join after its start; ending it after its start is never
// "cancelled"), through the callables in the Functions emulator with the web SDK the app uses.
import { doc, setDoc } from "firebase/firestore";
import { FunctionsError } from "firebase/functions";
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CALL_RECORDS, CALLS, SIGNALS, USER_QUOTAS } from "../../functions/src/shared/call-model";
import { EmulatorClients, expectCallableError, functionsEnv, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";

const clients = new EmulatorClients("quotas-test");
const BURST = Number(functionsEnv().USER_CREATE_BURST);

beforeEach(() => clients.clearFirestore());
afterEach(() => clients.closeClients());
afterAll(() => clients.close());

const count = async (name: string) => (await clients.admin.collection(name).count().get()).data().count;
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function refusal(call: Promise<unknown>): Promise<FunctionsError> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FunctionsError);
  return err as FunctionsError;
}

describe("per-person quotas", () => {
  it(`lets one person create ${BURST} calls at once, then refuses with a retry hint and writes nothing`, async () => {
    const alice = await clients.client();
    for (let i = 0; i < BURST; i++) await alice.call(i % 2 ? "createCall" : "scheduleCall", {});
    expect(await count(CALL_RECORDS)).toBe(BURST);
    const quotaBefore = (await clients.admin.doc(`${USER_QUOTAS}/${alice.uid}`).get()).data();

    for (const name of ["createCall", "scheduleCall"]) {
      const err = await refusal(alice.call(name, { startsAt: inMinutes(30) }));
      expect(err.code).toBe("functions/resource-exhausted");
      expect(err.details).toEqual({ quota: "calls", retryAfterSeconds: expect.any(Number) });
      const wait = (err.details as { retryAfterSeconds: number }).retryAfterSeconds;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(3600 / Number(functionsEnv().USER_CREATE_PER_HOUR) + 1);
      expect(err.message).toMatch(/^You have created many calls in a short time\. Try again in .+\. \[429\]$/);
    }
    expect(await count(CALL_RECORDS)).toBe(BURST);
    expect(await count(CALLS)).toBe(BURST);
    expect((await clients.admin.doc(`${USER_QUOTAS}/${alice.uid}`).get()).data()).toEqual(quotaBefore);

    // Someone else is not affected.
    const bob = await clients.client();
    await bob.call("createCall");
    expect(await count(CALL_RECORDS)).toBe(BURST + 1);
  });

  it("refuses new rooms over the quota, but never joining a room that exists", async () => {
    const alice = await clients.client();
    for (let i = 0; i < BURST; i++) await alice.call("openRoom", { name: `room ${i}` });
    const err = await refusal(alice.call("openRoom", { name: "one more" }));
    expect({ code: err.code, details: err.details }).toEqual({
      code: "functions/resource-exhausted",
      details: { quota: "rooms", retryAfterSeconds: expect.any(Number) },
    });
    expect(await count(CALL_RECORDS)).toBe(BURST);
    // An existing room is only opened, not created: no quota needed.
    expect(await alice.call("openRoom", { name: "room 0" })).toMatchObject({ created: false, full: false });
    // Calls have a quota of their own.
    await alice.call("createCall");
  });

  it("never lets a client read or write its own quota", async () => {
    const alice = await clients.client();
    await alice.call("createCall");
    const ref = doc(alice.db, USER_QUOTAS, alice.uid!);
    const before = (await clients.admin.doc(`${USER_QUOTAS}/${alice.uid}`).get()).data();
    await expect(setDoc(ref, { calls: { tokens: 1000, atMs: Date.now() } })).rejects.toMatchObject({
      code: "permission-denied",
    });
    expect((await clients.admin.doc(`${USER_QUOTAS}/${alice.uid}`).get()).data()).toEqual(before);
  });
});

describe("lifecycle integrity", () => {
  /** A call alice scheduled, whose start has just passed (moved, as if time went by). */
  async function startedCall(): Promise<{ id: string; alice: TestClient }> {
    const alice = await clients.client();
    const { id } = await alice.call<{ id: string }>("scheduleCall", { startsAt: inMinutes(30) });
    await clients.moveStart(id, Date.now() - 1000);
    return { id, alice };
  }

  it("opens a started scheduled call the moment someone joins, before any sweep", async () => {
    const { id, alice } = await startedCall();
    expect((await clients.storedLayout(id)).record).toMatchObject({ status: "scheduled", openedAt: null });
    await setDoc(doc(alice.db, CALLS, id, SIGNALS, alice.uid!), newSignalDoc());
    const joinedAt = (
      (await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${alice.uid}`).get()).get("joinedAt") as Timestamp
    ).toMillis();
    const opened = await clients.waitForCall(id, (c) => c.status === "open", "the join to open the call");
    expect((opened.openedAt as Timestamp).toMillis()).toBe(joinedAt);
    expect((await clients.storedLayout(id)).gate).toMatchObject({ status: "open" });
  });

  it("records ending a call after its start as ended by the host, never cancelled", async () => {
    const { id, alice } = await startedCall();
    expect(await alice.call("endCall", { callId: id })).toEqual({ status: "ended", endReason: "ended_by_host" });
    const { record, gate } = await clients.storedLayout(id);
    expect(record).toMatchObject({ status: "ended", endReason: "ended_by_host" });
    expect(gate).toMatchObject({ status: "ended", endReason: "ended_by_host" });
  });
});

describe("relay credentials (getIceServers)", () => {
  it("are for a seated participant of a call that may be joined now, not before its start or after its end", async () => {
    const alice = await clients.client();
    const { id } = await alice.call<{ id: string }>("scheduleCall", { startsAt: inMinutes(30) });
    await expectCallableError(
      alice.call("getIceServers", { callId: id }),
      "functions/failed-precondition",
      "This call has not started yet.",
    );
    await clients.moveStart(id, Date.now() - 1000);
    // Started, not yet marked open by anyone: may be joined, so relay credentials are handed out.
    expect(await alice.call("getIceServers", { callId: id })).toMatchObject({ iceServers: expect.any(Array) });
    await alice.call("endCall", { callId: id });
    await expectCallableError(
      alice.call("getIceServers", { callId: id }),
      "functions/failed-precondition",
      "This call is over.",
    );
  });
});
