// Retention: every server-side record the API and the webhooks write carries an expiresAt, and the
// sweep deletes what has expired, a bounded batch per collection per run. The records are made by
// the real code paths (REST API, triggers in the Functions emulator); the purge runs in this process
// with a clock we choose, and once as the deployed sweep, the way Cloud Scheduler invokes it.
import { arrayUnion, doc, setDoc, updateDoc } from "firebase/firestore";
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../../functions/src/service/api-key-store";
import { IDEMPOTENCY_KEYS } from "../../functions/src/service/call-store";
import { RETENTION_MS } from "../../functions/src/service/retention";
import { EXPIRING_COLLECTIONS, RetentionService } from "../../functions/src/service/retention-service";
import { RetentionStore } from "../../functions/src/service/retention-store";
import { WEBHOOK_DELIVERIES, WEBHOOK_PRESENCE, WEBHOOKS } from "../../functions/src/service/webhook-store";
import { CALLS, SIGNALS } from "../../functions/src/shared/call-model";
import { apiRequest, client, keyService } from "../support/api-harness";
import { EmulatorClients, functionUrl } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";
import { Receiver } from "../support/webhook-receiver";

const clients = new EmulatorClients("retention-test");
let receiver: Receiver;

beforeEach(async () => {
  await clients.clearFirestore();
  receiver = new Receiver();
});
afterEach(async () => {
  await receiver.stop();
  await clients.closeClients();
});
afterAll(() => clients.close());

const count = async (name: string) => (await clients.admin.collection(name).count().get()).data().count;

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of [...EXPIRING_COLLECTIONS, CALLS, WEBHOOKS]) out[name] = await count(name);
  return out;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("expiry fields", () => {
  it("every record the API and the webhooks write carries expiresAt, and the sweep deletes each in its time", async () => {
    const key = (await keyService(clients).create("retention")).apiKey;
    await client(key).registerWebhook(await receiver.start());
    const startedAt = Date.now();
    const created = await apiRequest("POST", "/v1/calls", { key, body: {}, headers: { "Idempotency-Key": "r-1" } });
    expect(created.status).toBe(201);
    const callId = (created.body as { id: string }).id;
    const guest = await clients.client();
    await updateDoc(doc(guest.db, CALLS, callId), { participants: arrayUnion(guest.uid) });
    await setDoc(doc(guest.db, CALLS, callId, SIGNALS, guest.uid!), newSignalDoc());
    await receiver.waitFor("participant.joined");
    await waitFor(async () => (await count(WEBHOOK_PRESENCE)) === 1, "the presence record");
    const made = await counts();
    expect(made).toMatchObject({ [IDEMPOTENCY_KEYS]: 1, [WEBHOOK_PRESENCE]: 1, [CALLS]: 1, [WEBHOOKS]: 1 });
    expect(made[WEBHOOK_DELIVERIES]).toBe(3); // call.created, call.opened, participant.joined
    expect(made[RATE_LIMITS]).toBeGreaterThanOrEqual(1);

    // Every record has an expiry, about as far out as retention.ts says.
    for (const name of EXPIRING_COLLECTIONS) {
      for (const d of (await clients.admin.collection(name).get()).docs) {
        expect(d.get("expiresAt"), `${name}/${d.id}`).toBeInstanceOf(Timestamp);
      }
    }
    const idem = (await clients.admin.collection(IDEMPOTENCY_KEYS).get()).docs[0]!;
    const idemExpiry = (idem.get("expiresAt") as Timestamp).toMillis() - startedAt;
    expect(idemExpiry).toBeGreaterThanOrEqual(RETENTION_MS.idempotencyKey - 1000);
    expect(idemExpiry).toBeLessThan(RETENTION_MS.idempotencyKey + 60_000);

    const retention = new RetentionService(new RetentionStore(clients.admin), 200);
    // Nothing has expired yet.
    expect(await retention.purgeExpired(Date.now())).toMatchObject({ deleted: {} });
    // Three minutes on: the rate-limit windows are over, everything else stays.
    const later = await retention.purgeExpired(Date.now() + 3 * 60_000);
    expect(later.deleted).toEqual({ [RATE_LIMITS]: made[RATE_LIMITS] });
    // A week and a day on: every expiring record is gone; the call and the endpoint are not records of that kind.
    const week = await retention.purgeExpired(startedAt + 8 * 24 * 3600_000);
    expect(week.deleted).toEqual({ [IDEMPOTENCY_KEYS]: 1, [WEBHOOK_DELIVERIES]: 3, [WEBHOOK_PRESENCE]: 1 });
    expect(await counts()).toMatchObject({
      [IDEMPOTENCY_KEYS]: 0,
      [WEBHOOK_DELIVERIES]: 0,
      [WEBHOOK_PRESENCE]: 0,
      [RATE_LIMITS]: 0,
      [CALLS]: 1,
      [WEBHOOKS]: 1,
    });
  });
});

describe("the purge", () => {
  async function seed(name: string, n: number, expiresAtMs: number, prefix: string): Promise<void> {
    const batch = clients.admin.batch();
    for (let i = 0; i < n; i++) {
      batch.set(clients.admin.collection(name).doc(`${prefix}-${i}`), { expiresAt: Timestamp.fromMillis(expiresAtMs) });
    }
    await batch.commit();
  }

  it("deletes at most a batch per collection per run, only what has expired, and reads little", async () => {
    const now = Date.now();
    await seed(IDEMPOTENCY_KEYS, 7, now - 1000, "old");
    await seed(IDEMPOTENCY_KEYS, 3, now + 3600_000, "fresh");
    await seed(WEBHOOK_DELIVERIES, 2, now - 1000, "old");
    await clients.admin.collection(WEBHOOK_DELIVERIES).doc("no-expiry").set({ state: "delivered" });
    const retention = new RetentionService(new RetentionStore(clients.admin), 5);

    const first = await retention.purgeExpired(now);
    expect(first.deleted).toEqual({ [IDEMPOTENCY_KEYS]: 5, [WEBHOOK_DELIVERIES]: 2 });
    expect(first.reads).toBe(5 + 2 + 1 + 1); // what was found, and one per empty query
    expect((await retention.purgeExpired(now)).deleted).toEqual({ [IDEMPOTENCY_KEYS]: 2 });
    const idle = await retention.purgeExpired(now);
    expect(idle).toEqual({ deleted: {}, reads: EXPIRING_COLLECTIONS.length });
    expect(await count(IDEMPOTENCY_KEYS)).toBe(3);
    expect(await count(WEBHOOK_DELIVERIES)).toBe(1); // a record without expiresAt is never touched
  });

  it("does nothing with a batch of 0 (TTL policies only)", async () => {
    await seed(RATE_LIMITS, 2, Date.now() - 1000, "old");
    expect(await new RetentionService(new RetentionStore(clients.admin), 0).purgeExpired(Date.now())).toEqual({
      deleted: {},
      reads: 0,
    });
    expect(await count(RATE_LIMITS)).toBe(2);
  });

  it("runs in the deployed sweep, invoked the way Cloud Scheduler does", async () => {
    await seed(RATE_LIMITS, 2, Date.now() - 1000, "old");
    await seed(WEBHOOK_PRESENCE, 1, Date.now() + 3600_000, "fresh");
    const res = await fetch(functionUrl("lifecycleSweep-0"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await count(RATE_LIMITS)).toBe(0);
    expect(await count(WEBHOOK_PRESENCE)).toBe(1);
  });
});
