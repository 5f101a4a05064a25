// Seats through the real stack: the host link's seat of a call made through the REST API (kept
// from guests, given by claimHost), and named rooms whose holders are gone (openRoom frees their
// seats). Joins go through the security rules with the web SDK; what is stored is read with the
// Admin SDK.
import { arrayUnion, doc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CALLS, PRESENCE_STALE_MS, SIGNALS } from "../../functions/src/shared/call-model";
import { client as apiClient, keyService } from "../support/api-harness";
import { EmulatorClients, expectCallableError, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";

const clients = new EmulatorClients("seats-test");

beforeEach(() => clients.clearFirestore());
afterEach(() => clients.closeClients());
afterAll(() => clients.close());

const signalsOf = async (id: string) =>
  (await clients.admin.collection(`${CALLS}/${id}/${SIGNALS}`).get()).docs.map((d) => d.id).sort();

/** Takes a seat and joins, as the web app does (seat on the join screen, then the signals write). */
async function seatAndJoin(c: TestClient, id: string, session: string): Promise<void> {
  await updateDoc(doc(c.db, CALLS, id), { participants: arrayUnion(c.uid) });
  await setDoc(doc(c.db, CALLS, id, SIGNALS, c.uid!), newSignalDoc({ session }));
}

async function expectDenied(write: Promise<unknown>): Promise<void> {
  await expect(write).rejects.toMatchObject({ code: "permission-denied" });
}

describe("the host link's seat", () => {
  async function apiCall(): Promise<{ id: string; hostKey: string; key: ReturnType<typeof apiClient> }> {
    const key = apiClient((await keyService(clients).create("clinic")).apiKey);
    const created = await key.createCall({ title: "Consultation", host: "Dr. Rivera", guest: "Sam" });
    return { id: created.id, hostKey: new URL(created.hostUrl).searchParams.get("host")!, key };
  }

  it("stays free for the host when two guests came first; the host gets it with the link", async () => {
    const { id, hostKey } = await apiCall();
    expect((await clients.storedLayout(id)).gate).toMatchObject({ participants: [], hostSeatReserved: true });
    const sam = await clients.client();
    const stranger = await clients.client();
    await seatAndJoin(sam, id, "session-sam-1");
    await clients.waitForCall(id, (c) => c.expiresAt === null, "the trigger to see the guest in the call");

    // A second person with the guest link: refused, and nothing of theirs is stored.
    const before = await clients.storedLayout(id);
    await expectDenied(updateDoc(doc(stranger.db, CALLS, id), { participants: arrayUnion(stranger.uid) }));
    await expectDenied(setDoc(doc(stranger.db, CALLS, id, SIGNALS, stranger.uid!), newSignalDoc()));
    expect(await clients.storedLayout(id)).toEqual(before);
    expect(await signalsOf(id)).toEqual([sam.uid]);

    // The host opens the host link: seated by the server, next to the guest, and may join.
    const host = await clients.client();
    expect(await host.call("claimHost", { callId: id, hostKey })).toEqual({ callId: id });
    const after = await clients.storedLayout(id);
    expect(after.gate).toMatchObject({ participants: [sam.uid, host.uid], hostSeatReserved: false });
    expect(after.record).toMatchObject({ hostUid: host.uid });
    expect(after.details).toEqual({
      title: "Consultation",
      hostUid: host.uid,
      hostName: "Dr. Rivera",
      guestName: "Sam",
    });
    await setDoc(doc(host.db, CALLS, id, SIGNALS, host.uid!), newSignalDoc({ session: "session-host-1" }));
    expect(await signalsOf(id)).toEqual([sam.uid, host.uid].sort());
    // Still no way in for the stranger.
    await expectDenied(updateDoc(doc(stranger.db, CALLS, id), { participants: arrayUnion(stranger.uid) }));
  });

  it("moves to the latest opener of the link; the earlier device loses seat and signaling", async () => {
    const { id, hostKey } = await apiCall();
    const laptop = await clients.client();
    const phone = await clients.client();
    await laptop.call("claimHost", { callId: id, hostKey });
    await setDoc(doc(laptop.db, CALLS, id, SIGNALS, laptop.uid!), newSignalDoc({ session: "session-laptop" }));
    await phone.call("claimHost", { callId: id, hostKey });
    expect((await clients.storedLayout(id)).gate).toMatchObject({ participants: [phone.uid] });
    expect(await signalsOf(id)).toEqual([]);
    await expectDenied(setDoc(doc(laptop.db, CALLS, id, SIGNALS, laptop.uid!), newSignalDoc()));
    await expectCallableError(
      laptop.call("endCall", { callId: id }),
      "functions/permission-denied",
      "Only the person who created this call can end it.",
    );
  });

  it("refuses a wrong key and changes nothing", async () => {
    const { id, hostKey } = await apiCall();
    const mallory = await clients.client();
    const before = await clients.storedLayout(id);
    await expectCallableError(
      mallory.call("claimHost", { callId: id, hostKey: `${hostKey}x` }),
      "functions/permission-denied",
      "This host link is not valid for this call.",
    );
    expect(await clients.storedLayout(id)).toEqual(before);
  });

  it("gives no seat in a call that is over", async () => {
    const { id, hostKey, key } = await apiCall();
    const host = await clients.client();
    await key.endCall(id);
    const before = await clients.storedLayout(id);
    expect(await host.call("claimHost", { callId: id, hostKey })).toEqual({ callId: id });
    expect(await clients.storedLayout(id)).toEqual(before);
  });
});

describe("named rooms whose holders are gone", () => {
  interface Room {
    id: string;
    erin: TestClient;
    frank: TestClient;
    gina: TestClient;
  }

  /** Erin and Frank are in the room; Gina comes third. */
  async function fullRoom(): Promise<Room> {
    const [erin, frank, gina] = [await clients.client(), await clients.client(), await clients.client()];
    const { id } = await erin.call<{ id: string }>("openRoom", { name: "standup" });
    await seatAndJoin(erin, id, "session-erin-1");
    await seatAndJoin(frank, id, "session-frank-1");
    await clients.waitForCall(id, (c) => c.expiresAt === null, "the trigger to see both in the room");
    return { id, erin, frank, gina };
  }

  const openRoom = (c: TestClient) =>
    c.call<{ id: string; created: boolean; full: boolean }>("openRoom", { name: "standup" });

  it("says the room is full while both are here, and changes nothing", async () => {
    const { id, gina } = await fullRoom();
    const before = await clients.storedLayout(id);
    expect(await openRoom(gina)).toEqual({ id, created: false, full: true });
    expect(await clients.storedLayout(id)).toEqual(before);
    await expectDenied(updateDoc(doc(gina.db, CALLS, id), { participants: arrayUnion(gina.uid) }));
  });

  it("frees the seat of someone who hung up, so the next person gets in", async () => {
    const { id, erin, frank, gina } = await fullRoom();
    await updateDoc(doc(frank.db, CALLS, id, SIGNALS, frank.uid!), {
      left: true,
      target: null,
      description: null,
      candidates: "",
      updatedAt: serverTimestamp(),
    });
    expect(await openRoom(gina)).toEqual({ id, created: false, full: false });
    expect((await clients.storedLayout(id)).gate).toMatchObject({ participants: [erin.uid] });
    expect(await signalsOf(id)).toEqual([erin.uid]);
    await seatAndJoin(gina, id, "session-gina-1");
    expect((await clients.storedLayout(id)).gate).toMatchObject({ participants: [erin.uid, gina.uid] });
    // Frank coming back finds the room full now.
    expect(await openRoom(frank)).toMatchObject({ full: true });
  });

  it("frees the seat of someone whose heartbeat stopped, but not of someone still beating", async () => {
    const { id, erin, frank, gina } = await fullRoom();
    // Frank's browser went silent a while ago; Erin's heartbeat is fresh.
    const silentSince = Timestamp.fromMillis(Date.now() - PRESENCE_STALE_MS - 5000);
    await clients.admin.doc(`${CALLS}/${id}/${SIGNALS}/${frank.uid}`).update({ updatedAt: silentSince });
    expect(await openRoom(gina)).toEqual({ id, created: false, full: false });
    expect((await clients.storedLayout(id)).gate).toMatchObject({ participants: [erin.uid] });
    expect(await signalsOf(id)).toEqual([erin.uid]);
  });
});
