// What the REST API and webhooks report is what people experienced: a scheduled call that people
// joined after its start is open (not "scheduled" until the next sweep), ending it then is
// ended_by_host (never cancelled), and it can no longer be moved (409 call_started). What a browser
// may read of an API call carries none of the integrator's metadata, host key hash or app id.
import { arrayUnion, doc, getDoc, getDocs, collection, setDoc, updateDoc } from "firebase/firestore";
import { describe, expect, it } from "vitest";
import { WEBHOOK_DELIVERIES } from "../../functions/src/service/webhook-store";
import { CALL_DETAILS_ID, CALL_PRIVATE, CALLS, SIGNALS } from "../../functions/src/shared/call-model";
import { apiRequest, client, useFreshApiKey } from "../support/api-harness";
import { EmulatorClients, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";

const clients = new EmulatorClients("api-lifecycle-test");
const currentKey = useFreshApiKey(clients);

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function join(c: TestClient, id: string, session: string): Promise<void> {
  await updateDoc(doc(c.db, CALLS, id), { participants: arrayUnion(c.uid) });
  await setDoc(doc(c.db, CALLS, id, SIGNALS, c.uid!), newSignalDoc({ session }));
}

/** The webhook events enqueued for this call, in order (bounded wait for `type`). */
async function eventsFor(callId: string, type: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const docs = (await clients.admin.collection(WEBHOOK_DELIVERIES).get()).docs.map((d) => d.data());
    const events = docs
      .map((d) => JSON.parse(d.body as string) as { type: string; createdAt: string; data: Record<string, unknown> })
      .filter((e) => (e.data.call as { id?: string } | undefined)?.id === callId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (events.some((e) => e.type === type) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a scheduled API call that people joined after its start", () => {
  it("is open as soon as someone is in it, ends as ended_by_host and can no longer be moved", async () => {
    const api = client(currentKey());
    // Where events go: the receiver need not answer, the deliveries record what was sent.
    await api.registerWebhook("http://127.0.0.1:9/hook");
    const call = await api.createCall({ startsAt: inMinutes(30), metadata: { ref: "R-1" } });
    // Before its start, with only the host link opened, it can still be moved.
    const host = await clients.client();
    await host.call("claimHost", { callId: call.id, hostKey: new URL(call.hostUrl).searchParams.get("host") });
    expect(await api.rescheduleCall(call.id, { startsAt: inMinutes(40) })).toMatchObject({ sequence: 1 });

    // The start comes (moved instead of waited for); the guest is let in; no sweep runs.
    await clients.moveStart(call.id, Date.now() - 1000);
    const sam = await clients.client();
    await join(sam, call.id, "session-sam-1");
    await clients.waitForCall(call.id, (c) => c.status === "open", "the join to open the call");
    expect(await api.getCall(call.id)).toMatchObject({ status: "open", openedAt: expect.any(String) });
    expect((await eventsFor(call.id, "call.opened")).map((e) => e.type)).toContain("call.opened");

    // Moving it now would lock the guest out: 409 call_started, and nothing changes.
    const before = await clients.storedLayout(call.id);
    const moved = await apiRequest("PATCH", `/v1/calls/${call.id}`, {
      key: currentKey(),
      body: { startsAt: inMinutes(24 * 60) },
    });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ code: "call_started", status: 409 });
    expect(await clients.storedLayout(call.id)).toEqual(before);

    expect(await api.endCall(call.id)).toMatchObject({ status: "ended", endReason: "ended_by_host" });
    const ended = (await eventsFor(call.id, "call.ended")).find((e) => e.type === "call.ended");
    expect(ended?.data).toMatchObject({ reason: "ended_by_host", call: { status: "ended" } });
  });

  it("refuses moving a call whose start has passed though nobody came, and ends it as ended_by_host", async () => {
    const api = client(currentKey());
    const call = await api.createCall({ startsAt: inMinutes(30) });
    await clients.moveStart(call.id, Date.now() - 1000);
    const before = await clients.storedLayout(call.id);
    const moved = await apiRequest("PATCH", `/v1/calls/${call.id}`, { key: currentKey(), body: { title: "Later" } });
    expect({ status: moved.status, code: (moved.body as { code: string }).code }).toEqual({
      status: 409,
      code: "call_started",
    });
    expect(await clients.storedLayout(call.id)).toEqual(before);
    expect(await api.endCall(call.id)).toMatchObject({ status: "ended", endReason: "ended_by_host" });
  });

  it("still cancels a call ended before its start", async () => {
    const api = client(currentKey());
    const call = await api.createCall({ startsAt: inMinutes(30) });
    expect(await api.endCall(call.id)).toMatchObject({ status: "cancelled", endReason: "cancelled" });
  });
});

describe("what a browser may read of an API call", () => {
  it("never holds the metadata, the host key's hash or the app id; names only for participants", async () => {
    const api = client(currentKey());
    const call = await api.createCall({
      title: "Check-up",
      host: "Dr. Rivera",
      guest: "Sam",
      metadata: { ref: "SECRET-REF" },
    });
    const { record } = await clients.storedLayout(call.id);
    const secrets = ["SECRET-REF", record!.hostKeyHash as string, record!.appId as string];
    const sam = await clients.client();
    await join(sam, call.id, "session-sam-1");
    const stranger = await clients.client();

    const readable = async (c: TestClient) => {
      const seen: unknown[] = [(await getDoc(doc(c.db, CALLS, call.id))).data()];
      for (const path of [`${CALLS}/${call.id}/${CALL_PRIVATE}/${CALL_DETAILS_ID}`]) {
        seen.push(
          await getDoc(doc(c.db, path)).then(
            (s) => s.data(),
            () => "denied",
          ),
        );
      }
      seen.push(
        await getDocs(collection(c.db, CALLS, call.id, SIGNALS)).then(
          (s) => s.docs.map((d) => d.data()),
          () => "denied",
        ),
      );
      return JSON.stringify(seen);
    };
    const asGuest = await readable(sam);
    const asStranger = await readable(stranger);
    for (const secret of secrets) {
      expect(asGuest).not.toContain(secret);
      expect(asStranger).not.toContain(secret);
    }
    expect(asGuest).toContain("Dr. Rivera");
    expect(asStranger).not.toContain("Dr. Rivera");
    expect(asStranger).not.toContain("Check-up");
  });
});
