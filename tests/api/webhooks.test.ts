// Webhooks end to end: an app registers a receiver on 127.0.0.1 through the API; the triggers in
// the Functions emulator enqueue events and make the first attempt; retries are driven here through
// WebhookService.retryDue(now) with a clock we choose, as Cloud Scheduler would every minute.
import { arrayUnion, doc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import type { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CallStore } from "../../functions/src/service/call-store";
import { LifecycleService } from "../../functions/src/service/lifecycle-service";
import { DEFAULT_WEBHOOK_SETTINGS, WebhookService } from "../../functions/src/service/webhook-service";
import { WEBHOOK_DELIVERIES, WebhookStore } from "../../functions/src/service/webhook-store";
import { CALLS, SIGNALS } from "../../functions/src/shared/call-model";
import { verifyWebhookSignature } from "../../functions/src/shared/webhook-signature";
import { EmulatorClients, functionsEnv } from "../support/emulator-clients";
import { client, keyService } from "../support/api-harness";
import { validate } from "../support/openapi-validator";
import { newSignalDoc } from "../support/signal-fixtures";
import { Receiver, type Received } from "../support/webhook-receiver";

const clients = new EmulatorClients("api-webhooks-test");

let receiver: Receiver;
let key = "";
let secret = "";
let retries: WebhookService;

beforeEach(async () => {
  await clients.clearFirestore();
  receiver = new Receiver();
  const url = await receiver.start();
  key = (await keyService(clients).create("clinic")).apiKey;
  const hook = await client(key).registerWebhook(url);
  secret = hook.secret;
  expect(hook).toMatchObject({ url, events: [] });
  retries = new WebhookService(new WebhookStore(clients.admin), {
    ...DEFAULT_WEBHOOK_SETTINGS,
    allowLoopback: true,
  });
});
afterEach(async () => {
  await receiver.stop();
  await clients.closeClients();
});
afterAll(() => clients.close());

function parsed(r: Received): { id: string; type: string; data: Record<string, unknown> } {
  expect(verifyWebhookSignature(r.signature, secret, r.body), `signature of ${r.type}`).toBe(true);
  const event = JSON.parse(r.body) as { id: string; type: string; data: Record<string, unknown> };
  expect(validate({ $ref: "#/components/schemas/WebhookEvent" }, event)).toEqual([]);
  expect(event.id).toBe(r.eventId);
  return event;
}

async function deliveries(): Promise<Record<string, unknown>[]> {
  return (await clients.admin.collection(WEBHOOK_DELIVERIES).get()).docs.map((d) => d.data());
}

async function waitForDelivery(
  eventId: string,
  check: (d: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const found = (await deliveries()).find((d) => d.eventId === eventId);
    if (found && check(found)) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`delivery of ${eventId} did not settle: ${JSON.stringify(await deliveries())}`);
}

async function waitForDeliveryOfType(type: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if ((await deliveries()).some((d) => d.type === type)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${type} delivery was enqueued: ${JSON.stringify(await deliveries())}`);
}

describe("webhooks", () => {
  it("delivers signed events, retries a failed one with backoff, and never after it was delivered", async () => {
    receiver.failing.add(1);
    const call = await client(key).createCall({
      startsAt: new Date(Date.now() + 3600_000).toISOString(),
      metadata: { ref: "R1" },
    });
    const [failed] = await receiver.waitFor("call.created");
    expect(failed!.status).toBe(500);
    const created = parsed(failed!);
    expect(created.data).toEqual({
      call: expect.objectContaining({ id: call.id, status: "scheduled", metadata: { ref: "R1" }, endReason: null }),
    });

    // The failure is recorded with its next attempt 30 s out.
    let stored = await clients.waitForCall(call.id, () => true, "call");
    expect(stored.status).toBe("scheduled");
    // The function records the outcome after the receiver answered: wait for it (bounded).
    const pending = await waitForDelivery(created.id, (d) => d.lastError !== null);
    expect(pending).toMatchObject({ state: "pending", attempts: 1, lastError: "HTTP 500" });
    const failedAt = Date.now();
    const nextAt = (pending.nextAttemptAt as Timestamp).toMillis();
    expect(nextAt - failedAt).toBeGreaterThan(20_000);
    expect(nextAt - failedAt).toBeLessThanOrEqual(DEFAULT_WEBHOOK_SETTINGS.baseBackoffMs);

    // Not due yet: nothing is sent.
    expect(await retries.retryDue(Date.now())).toEqual({ attempted: 0, delivered: 0 });
    // Due: the same event (same id, same body) goes out again, signed afresh, and is delivered.
    expect(await retries.retryDue(nextAt + 1)).toEqual({ attempted: 1, delivered: 1 });
    const again = await receiver.waitFor("call.created", 2);
    expect(again[1]!.status).toBe(204);
    expect(again[1]!.body).toBe(failed!.body);
    expect(parsed(again[1]!).id).toBe(created.id);
    expect((await deliveries()).find((d) => d.eventId === created.id)).toMatchObject({
      state: "delivered",
      attempts: 2,
    });
    expect(await retries.retryDue(nextAt + 3600_000)).toEqual({ attempted: 0, delivered: 0 });

    // Cancelling it: call.ended with reason cancelled.
    await client(key).endCall(call.id);
    const [ended] = await receiver.waitFor("call.ended");
    expect(parsed(ended!).data).toMatchObject({ reason: "cancelled", call: { id: call.id, status: "cancelled" } });
    stored = await clients.waitForCall(call.id, (c) => c.status === "cancelled", "cancelled");
    expect(stored.endReason).toBe("cancelled");
  });

  it("tells opened, joined, left and ended by the host, once each", async () => {
    const call = await client(key).createCall({});
    const [opened] = await receiver.waitFor("call.opened");
    expect(parsed(opened!).data).toMatchObject({ call: { id: call.id, status: "open" } });

    const bob = await clients.client();
    await updateDoc(doc(bob.db, CALLS, call.id), { participants: arrayUnion(bob.uid) });
    await setDoc(doc(bob.db, CALLS, call.id, SIGNALS, bob.uid!), newSignalDoc());
    const [joined] = await receiver.waitFor("participant.joined");
    expect(parsed(joined!).data).toMatchObject({ participant: { uid: bob.uid, role: "participant" } });

    // A hang-up as the web app writes it.
    await updateDoc(doc(bob.db, CALLS, call.id, SIGNALS, bob.uid!), {
      left: true,
      target: null,
      description: null,
      candidates: "",
      updatedAt: serverTimestamp(),
    });
    // participant.left is held back for the grace period (a reload is no departure): the sweep
    // sends it once that has passed.
    expect(receiver.received.filter((r) => r.type === "participant.left")).toEqual([]);
    await waitForDeliveryOfType("participant.left");
    expect(await retries.retryDue(Date.now() + DEFAULT_WEBHOOK_SETTINGS.leftGraceMs + 1000)).toEqual({
      attempted: 1,
      delivered: 1,
    });
    const [left] = await receiver.waitFor("participant.left");
    expect(parsed(left!).data).toMatchObject({ participant: { uid: bob.uid } });

    await client(key).endCall(call.id);
    const [ended] = await receiver.waitFor("call.ended");
    expect(parsed(ended!).data).toMatchObject({ reason: "ended_by_host", call: { status: "ended" } });
    const types = receiver.received.map((r) => r.type);
    expect(types.filter((t) => t === "call.created")).toHaveLength(1);
    expect(new Set(receiver.received.map((r) => r.eventId)).size).toBe(receiver.received.length);
  });

  it("tells call.ended with reason expired when the sweep expires an unused call", async () => {
    const call = await client(key).createCall({});
    await receiver.waitFor("call.opened");
    const unusedMs = Number(functionsEnv().CALL_UNUSED_TIMEOUT_SECONDS) * 1000;
    const lifecycle = new LifecycleService(new CallStore(clients.admin), { unusedTimeoutSeconds: unusedMs / 1000 });
    const report = await lifecycle.sweep(Date.now() + unusedMs + 60_000);
    expect(report.expired).toEqual([call.id]);
    const [ended] = await receiver.waitFor("call.ended");
    expect(parsed(ended!).data).toMatchObject({ reason: "expired", call: { id: call.id, status: "expired" } });
  });

  it("tells call.opened when the sweep opens a scheduled call at its start", async () => {
    const startsAtMs = Date.now() + 3600_000;
    const call = await client(key).createCall({ startsAt: new Date(startsAtMs).toISOString() });
    await receiver.waitFor("call.created");
    const lifecycle = new LifecycleService(new CallStore(clients.admin), { unusedTimeoutSeconds: 3600 });
    expect((await lifecycle.sweep(startsAtMs + 1000)).opened).toEqual([call.id]);
    const [opened] = await receiver.waitFor("call.opened");
    expect(parsed(opened!).data).toMatchObject({ call: { id: call.id, status: "open" } });
  });

  it("lists and removes endpoints; a removed endpoint gets nothing more", async () => {
    const api = client(key);
    const [hook] = await api.listWebhooks();
    expect(hook).toMatchObject({ id: expect.stringMatching(/^wh_/) });
    expect(hook).not.toHaveProperty("secret");
    await api.deleteWebhook(hook!.id);
    expect(await api.listWebhooks()).toEqual([]);
    await api.createCall({});
    // Give the triggers time to run; no endpoint means no delivery at all.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.received).toEqual([]);
    expect(await deliveries()).toEqual([]);
  });
});
