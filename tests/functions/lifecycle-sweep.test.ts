// Activation, presence and auto-expiry against the Firestore emulator. The sweep runs in this
// process with a controllable clock (LifecycleService.sweep(now)), so "five minutes later" takes no
// time; presence changes go through the rules with the web SDK, and the onSignalWritten trigger in
// the Functions emulator keeps expiresAt up to date as it does in production. One test invokes the
// deployed sweep the way Cloud Scheduler does.
import { arrayUnion, doc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { Timestamp, type DocumentData, type WriteBatch } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CallStore } from "../../functions/src/store/call-store";
import { LifecycleService } from "../../functions/src/service/lifecycle-service";
import { CALL_RECORDS, CALLS, PRESENCE_STALE_MS, SIGNALS } from "@firecall/model";
import { startLocalScheduler } from "../../scripts/local-scheduler.mjs";
import { EmulatorClients, functionsEnv, functionUrl, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";

const clients = new EmulatorClients("lifecycle-test");
const env = functionsEnv();
const GRACE_MS = Number(env.CALL_EMPTY_TIMEOUT_SECONDS) * 1000;
const UNUSED_MS = Number(env.CALL_UNUSED_TIMEOUT_SECONDS) * 1000;

let store: CallStore;
let lifecycle: LifecycleService;

beforeEach(async () => {
  await clients.clearFirestore();
  store = new CallStore(clients.admin);
  lifecycle = new LifecycleService(store, { unusedTimeoutSeconds: UNUSED_MS / 1000 });
});
afterEach(() => clients.closeClients());
afterAll(() => clients.close());

/** The call's record (callRecords/{id}): its lifecycle as the functions keep it. */
async function callDoc(id: string): Promise<DocumentData> {
  return (await clients.admin.doc(`${CALL_RECORDS}/${id}`).get()).data()!;
}

async function signalsOf(id: string): Promise<string[]> {
  return (await clients.admin.collection(`${CALLS}/${id}/${SIGNALS}`).get()).docs.map((d) => d.id).sort();
}

const waitForCall = clients.waitForCall.bind(clients);

const expiresAtMs = (call: DocumentData) => (call.expiresAt as Timestamp | null)?.toMillis() ?? null;

/** A call created now by alice, with bob seated and both joined (signals written through the rules). */
async function callInProgress(): Promise<{ id: string; alice: TestClient; bob: TestClient }> {
  const alice = await clients.client();
  const bob = await clients.client();
  const { id } = await alice.call<{ id: string }>("scheduleCall", {});
  await updateDoc(doc(bob.db, CALLS, id), { participants: arrayUnion(bob.uid) });
  await setDoc(doc(alice.db, CALLS, id, SIGNALS, alice.uid!), newSignalDoc());
  await setDoc(doc(bob.db, CALLS, id, SIGNALS, bob.uid!), newSignalDoc({ session: "session-0002" }));
  await waitForCall(id, (c) => c.expiresAt === null, "the trigger to see both present");
  return { id, alice, bob };
}

/** A hang-up as the web app writes it (through the rules). */
const leave = (c: TestClient, id: string) =>
  updateDoc(doc(c.db, CALLS, id, SIGNALS, c.uid!), {
    left: true,
    target: null,
    description: null,
    candidates: "",
    updatedAt: serverTimestamp(),
  });

describe("auto-expiry", () => {
  it("expires a call after both people left and stayed away for the grace period", async () => {
    const { id, alice, bob } = await callInProgress();
    await leave(alice, id);
    await leave(bob, id);
    const call = await waitForCall(id, (c) => c.expiresAt !== null, "the trigger to set expiresAt");
    const lastLeave = Math.max(
      ...(await clients.admin.collection(`${CALLS}/${id}/${SIGNALS}`).get()).docs.map((d) =>
        (d.get("updatedAt") as Timestamp).toMillis(),
      ),
    );
    expect(expiresAtMs(call)).toBe(lastLeave + GRACE_MS);

    expect((await lifecycle.sweep(lastLeave + GRACE_MS - 1000)).expired).toEqual([]);
    expect(await callDoc(id)).toMatchObject({ status: "open" });

    expect((await lifecycle.sweep(lastLeave + GRACE_MS)).expired).toEqual([id]);
    expect(await callDoc(id)).toMatchObject({ status: "expired", endReason: "expired", expiresAt: null });
    expect(await signalsOf(id)).toEqual([]);
    // Joins are refused from now on.
    const carol = await clients.client();
    await expect(updateDoc(doc(carol.db, CALLS, id), { participants: arrayUnion(carol.uid) })).rejects.toMatchObject({
      code: "permission-denied",
    });
  });

  it("does not expire a call someone came back to within the grace period", async () => {
    const { id, alice, bob } = await callInProgress();
    await leave(alice, id);
    await leave(bob, id);
    const dueAt = expiresAtMs(await waitForCall(id, (c) => c.expiresAt !== null, "expiresAt after both left"));
    // Bob reloads and joins again: a new session, present.
    await setDoc(doc(bob.db, CALLS, id, SIGNALS, bob.uid!), newSignalDoc({ session: "session-0003" }));
    await waitForCall(id, (c) => c.expiresAt === null, "the trigger to clear expiresAt");
    // Minutes pass on the test's clock; bob's page keeps writing its heartbeat meanwhile.
    await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${bob.uid}`).update({ updatedAt: Timestamp.fromMillis(dueAt!) });
    const report = await lifecycle.sweep(dueAt! + 1000);
    expect(report.expired).toEqual([]);
    expect(await callDoc(id)).toMatchObject({ status: "open", expiresAt: null });
    expect(await signalsOf(id)).toEqual([alice.uid, bob.uid].sort());
  });

  it("re-checks presence before expiring, even if the stored expiry is out of date", async () => {
    const { id, alice } = await callInProgress();
    // An expiry recorded by an earlier decision, while both are in fact still here.
    const past = Date.now() - 1000;
    await clients.admin.doc(`${CALL_RECORDS}/${id}`).update({ expiresAt: Timestamp.fromMillis(past) });
    const report = await lifecycle.sweep(Date.now());
    expect(report.expired).toEqual([]);
    expect(await callDoc(id)).toMatchObject({ status: "open", expiresAt: null });
    expect(await signalsOf(id)).toContain(alice.uid);
  });

  it("counts a participant whose heartbeat stopped as gone, and then expires the call", async () => {
    const { id, alice, bob } = await callInProgress();
    await leave(alice, id);
    // Bob's browser crashes: no leave is ever sent; his last write was his join.
    const bobLast = (
      (await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${bob.uid}`).get()).get("updatedAt") as Timestamp
    ).toMillis();
    await waitForCall(id, (c) => c.expiresAt === null, "bob still counted present");

    expect((await lifecycle.sweep(bobLast + PRESENCE_STALE_MS - 1000)).markedGone).toEqual([]);
    const marked = await lifecycle.sweep(bobLast + PRESENCE_STALE_MS);
    expect(marked.markedGone).toEqual([id]);
    expect((await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${bob.uid}`).get()).get("left")).toBe(true);
    const aliceLeft = (
      (await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${alice.uid}`).get()).get("updatedAt") as Timestamp
    ).toMillis();
    const dueAt = Math.max(aliceLeft, bobLast) + GRACE_MS;
    expect(expiresAtMs(await callDoc(id))).toBe(dueAt);
    expect((await lifecycle.sweep(dueAt)).expired).toEqual([id]);
    expect(await callDoc(id)).toMatchObject({ status: "expired", endReason: "expired" });
  });

  it("expires a scheduled call that nobody ever joined, the unused timeout after its start", async () => {
    const alice = await clients.client();
    const startsAt = new Date(Date.now() + 10 * 60_000);
    startsAt.setUTCMilliseconds(0);
    const { id } = await alice.call<{ id: string }>("scheduleCall", { startsAt: startsAt.toISOString() });
    const start = startsAt.getTime();

    expect(await lifecycle.sweep(start - 1000)).toMatchObject({ opened: [], expired: [] });
    expect((await lifecycle.sweep(start)).opened).toEqual([id]);
    expect(await callDoc(id)).toMatchObject({ status: "open", openedAt: Timestamp.fromMillis(start) });
    expect((await lifecycle.sweep(start + UNUSED_MS - 1000)).expired).toEqual([]);
    expect((await lifecycle.sweep(start + UNUSED_MS)).expired).toEqual([id]);
    expect(await callDoc(id)).toMatchObject({ status: "expired", endReason: "expired" });
  });

  it("uses the call's own grace period", async () => {
    const alice = await clients.client();
    const { id } = await alice.call<{ id: string }>("scheduleCall", { emptyTimeoutSeconds: 30 });
    await setDoc(doc(alice.db, CALLS, id, SIGNALS, alice.uid!), newSignalDoc());
    await waitForCall(id, (c) => c.expiresAt === null, "alice present");
    await leave(alice, id);
    const call = await waitForCall(id, (c) => c.expiresAt !== null, "expiresAt after alice left");
    const left = (
      (await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${alice.uid}`).get()).get("updatedAt") as Timestamp
    ).toMillis();
    expect(expiresAtMs(call)).toBe(left + 30_000);
  });
});

const ts = (ms: number) => Timestamp.fromMillis(ms);

/** The fields every seeded call record shares (a call made `now`'s minute ago). */
const recordBase = (now: number) => ({
  kind: "call",
  createdBy: "someone",
  createdAt: ts(now - 60_000),
  title: null,
  emptyTimeoutSeconds: 300,
  endedAt: null,
  endReason: null,
});

/** Seeds a call's record and its gate, as the functions store them, into `batch`. */
function seedCall(batch: WriteBatch, id: string, record: DocumentData): void {
  batch.set(clients.admin.doc(`${CALL_RECORDS}/${id}`), record);
  const { status, startsAt, endReason } = record;
  batch.set(clients.admin.doc(`${CALLS}/${id}`), {
    status,
    startsAt,
    endReason,
    participants: [],
    hostSeatReserved: false,
  });
}

describe("the sweep", () => {
  it("reads only the calls that are due, with many others present", async () => {
    const now = Date.now();
    const base = recordBase(now);
    const batch = clients.admin.batch();
    const seed = (id: string, record: DocumentData) => seedCall(batch, id, record);
    for (let i = 0; i < 60; i++) {
      // Not due: scheduled later, open with someone in it, or already over.
      const kind = i % 3;
      const data =
        kind === 0
          ? {
              ...base,
              status: "scheduled",
              startsAt: ts(now + 3_600_000),
              openedAt: null,
              expiresAt: ts(now + 7_200_000),
            }
          : kind === 1
            ? { ...base, status: "open", startsAt: ts(now - 60_000), openedAt: ts(now - 60_000), expiresAt: null }
            : { ...base, status: "expired", startsAt: ts(now - 9e6), openedAt: ts(now - 9e6), expiresAt: null };
      seed(`notdue-${i}`, data);
      if (kind === 1) {
        batch.set(clients.admin.doc(`${CALLS}/notdue-${i}/${SIGNALS}/u${i}`), {
          session: `session-${i}-xxxx`,
          joinedAt: ts(now - 30_000),
          target: null,
          description: null,
          candidates: "",
          left: false,
          updatedAt: ts(now - 30_000),
        });
      }
    }
    seed("due-to-open", {
      ...base,
      status: "scheduled",
      startsAt: ts(now - 1000),
      openedAt: null,
      expiresAt: ts(now + 3_600_000),
    });
    seed("due-to-expire", {
      ...base,
      status: "open",
      startsAt: ts(now - 9e6),
      openedAt: ts(now - 9e6),
      expiresAt: ts(now - 1000),
    });
    await batch.commit();

    const report = await lifecycle.sweep(now);
    expect(report).toEqual({
      opened: ["due-to-open"],
      markedGone: [],
      expired: ["due-to-expire"],
      // open query 1 + its call 1; stale query (empty) 1; expire query 1 + its call 1 + its signals (empty) 1.
      reads: 6,
    });
  });

  it("works through more due calls than one round holds in a single sweep, rounds after rounds", async () => {
    const now = Date.now();
    const batch = clients.admin.batch();
    const due = Array.from({ length: 25 }, (_, i) => `backlog-${String(i).padStart(2, "0")}`);
    for (const id of due) {
      seedCall(batch, id, {
        ...recordBase(now),
        status: "open",
        startsAt: ts(now - 9e6),
        openedAt: ts(now - 9e6),
        expiresAt: ts(now - 1000),
      });
    }
    await batch.commit();
    const limits = { batch: 10, concurrency: 4, budgetMs: 30_000, maxRounds: 25 };
    const report = await new LifecycleService(store, { unusedTimeoutSeconds: UNUSED_MS / 1000 }, limits).sweep(now);
    expect([...report.expired].sort()).toEqual(due);
    const statuses = await Promise.all(due.map(async (id) => (await callDoc(id)).status as string));
    expect(new Set(statuses)).toEqual(new Set(["expired"]));
    // Rounds of 10, 10 and 5 (the last one not full ends it): 3 queries, and per call its record and signals.
    expect(report.reads).toBe(10 + 10 + 5 + 25 + 25 + 1 + 1);
  });

  it("runs as the deployed scheduled function when invoked like Cloud Scheduler", async () => {
    const alice = await clients.client();
    const { id } = await alice.call<{ id: string }>("scheduleCall", {
      startsAt: new Date(Date.now() + 60_000).toISOString(),
    });
    // Its start has come (moved into the past instead of waiting a minute).
    await clients.moveStart(id, Date.now() - 1000);
    const res = await fetch(functionUrl("lifecycleSweep-0"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await callDoc(id)).toMatchObject({ status: "open", openedAt: expect.any(Timestamp) });
  });

  it("opens and expires calls by itself under npm start's local scheduler (sped up here)", async () => {
    const alice = await clients.client();
    const { id } = await alice.call<{ id: string }>("scheduleCall", {
      startsAt: new Date(Date.now() + 2000).toISOString(),
    });
    expect(await callDoc(id)).toMatchObject({ status: "scheduled" });
    // Every 60 s in `npm start`; every 0.5 s here. Nothing in this test calls the sweep.
    const stop = startLocalScheduler(120);
    try {
      await waitForCall(id, (c) => c.status === "open", "the local scheduler to open the call");
      // Nobody came: make it due now (instead of an hour from now) and let the scheduler expire it.
      // The sweep re-checks with the call's own times, so its start moves back past the unused
      // timeout too, in the same batch: between two writes a sweep would find it not due yet and
      // put the old expiry back.
      const startsAt = Timestamp.fromMillis(Date.now() - UNUSED_MS - 1000);
      const batch = clients.admin.batch();
      batch.update(clients.admin.doc(`${CALL_RECORDS}/${id}`), {
        expiresAt: Timestamp.fromMillis(Date.now() - 1000),
        startsAt,
      });
      batch.update(clients.admin.doc(`${CALLS}/${id}`), { startsAt });
      await batch.commit();
      await waitForCall(id, (c) => c.status === "expired", "the local scheduler to expire the call");
    } finally {
      stop();
    }
  });
});
