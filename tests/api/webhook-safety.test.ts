// Webhooks reach only public addresses, follow no redirects, are capped per app, and tell presence
// only on real transitions. Registration goes through the API (the Functions emulator, where the
// one exception is a loopback receiver) and through WebhookService with production settings; the
// delivery checks run in the emulator's triggers and in-process with a resolver we control.
import { arrayUnion, doc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_WEBHOOK_SETTINGS, WebhookService } from "../../functions/src/service/webhook-service";
import {
  WEBHOOK_DELIVERIES,
  WEBHOOK_PRESENCE,
  WEBHOOKS,
  WebhookStore,
} from "../../functions/src/service/webhook-store";
import { CALLS, SIGNALS } from "../../functions/src/shared/call-model";
import { apiRequest, client, keyService } from "../support/api-harness";
import { EmulatorClients, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";
import { Receiver } from "../support/webhook-receiver";

const clients = new EmulatorClients("api-webhook-safety-test");
let key = "";
let receiver: Receiver;

beforeEach(async () => {
  await clients.clearFirestore();
  key = (await keyService(clients).create("safety")).apiKey;
  receiver = new Receiver();
});
afterEach(async () => {
  await receiver.stop();
  await clients.closeClients();
});
afterAll(() => clients.close());

const webhookCount = async () => (await clients.admin.collection(WEBHOOKS).count().get()).data().count;

async function deliveries(): Promise<Record<string, unknown>[]> {
  return (await clients.admin.collection(WEBHOOK_DELIVERIES).get()).docs.map((d) => d.data());
}

/** Polls (bounded) until `check` holds for the stored deliveries. */
async function waitForDeliveries(
  check: (all: Record<string, unknown>[]) => boolean,
  what: string,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const all = await deliveries();
    if (check(all)) return all;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await deliveries())}`);
}

/** A webhook of app "safety" stored directly, as if registered before the checks (or rebound since). */
async function storeWebhook(url: string): Promise<void> {
  await clients.admin.collection(WEBHOOKS).doc("wh_000000000000000000000001").set({
    appId: "safety",
    url,
    secret: "whsec_test",
    events: [],
    createdAt: new Date(),
  });
}

/** A pending delivery to that webhook, due an hour from now (so the emulator's trigger leaves it alone). */
const DUE_AT = Date.now() + 3600_000;
async function storeDueDelivery(id: string): Promise<void> {
  await clients.admin
    .collection(WEBHOOK_DELIVERIES)
    .doc(id)
    .set({
      eventId: id.replace(/_wh$/, ""),
      type: "call.created",
      appId: "safety",
      webhookId: "wh_000000000000000000000001",
      body: "{}",
      state: "pending",
      attempts: 0,
      nextAttemptAt: new Date(DUE_AT),
      lastError: null,
      deliveredAt: null,
    });
}

describe("registration", () => {
  it.each([
    "https://169.254.169.254/latest/meta-data/",
    "https://0xa9fea9fe/latest/meta-data/",
    "https://metadata.google.internal/computeMetadata/v1/",
    "https://metadata/computeMetadata/v1/",
    "https://0.0.0.0/hook",
    "https://10.0.0.1/hook",
    "https://167772161/hook",
    "https://172.16.5.4/hook",
    "https://192.168.1.20/hook",
    "https://100.64.1.1/hook",
    "https://[fd00::5]/hook",
    "https://[fe80::1]/hook",
    "https://[::ffff:a00:1]/hook",
    "https://printer.local/hook",
    "http://hooks.example.org/hook",
  ])("refuses %s with 422 and stores nothing", async (url) => {
    const res = await apiRequest("POST", "/v1/webhooks", { key, body: { url } });
    expect({ status: res.status, code: (res.body as { code: string }).code }).toEqual({
      status: 422,
      code: "invalid_webhook_url",
    });
    expect(await webhookCount()).toBe(0);
  });

  it("refuses loopback in every spelling with production settings (no emulator allowance)", async () => {
    const service = new WebhookService(new WebhookStore(clients.admin), DEFAULT_WEBHOOK_SETTINGS, async (host) =>
      host === "loopback.example.org" ? ["127.0.0.1"] : [],
    );
    const urls = [
      "https://127.0.0.1/hook",
      "https://localhost/hook",
      "https://[::1]/hook",
      "https://[::ffff:7f00:1]/hook",
      "https://2130706433/hook",
      "https://0x7f000001/hook",
      "https://0177.0.0.1/hook",
      "https://127.1/hook",
      "https://loopback.example.org/hook", // a public-looking name that resolves to loopback
    ];
    for (const url of urls) {
      const err = await service.register("safety", url, undefined, Date.now()).catch((e: unknown) => e);
      expect(err, url).toMatchObject({ reason: "invalid_webhook_url" });
    }
    expect(await webhookCount()).toBe(0);
  });

  it(`caps endpoints at 5 per app, also when registrations race, and says so`, async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        apiRequest("POST", "/v1/webhooks", { key, body: { url: `https://hooks${i}.example.org/firecall` } }),
      ),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 409, 409, 409]);
    const refused = attempts.find((r) => r.status === 409)!.body as { code: string; detail: string };
    expect(refused).toMatchObject({ code: "webhook_limit_reached", detail: expect.stringContaining("at most 5") });
    expect(await webhookCount()).toBe(5);
  });
});

describe("delivery", () => {
  it("refuses at delivery a stored endpoint on a private address, without connecting", async () => {
    await storeWebhook("https://10.0.0.1/firecall");
    await client(key).createCall({});
    const all = await waitForDeliveries((d) => d.some((x) => x.lastError !== null), "the first attempt");
    const created = all.find((d) => d.type === "call.created")!;
    expect(created).toMatchObject({ state: "pending", attempts: 1 });
    expect(created.lastError).toBe("refused: url must point to a public address; 10.0.0.1 is a private address.");
  });

  it("resolves a name once and refuses it when it resolves to loopback (production settings)", async () => {
    await receiver.start();
    const lookups: string[] = [];
    const service = new WebhookService(new WebhookStore(clients.admin), DEFAULT_WEBHOOK_SETTINGS, async (host) => {
      lookups.push(host);
      return ["127.0.0.1"];
    });
    await storeWebhook(`https://rebind.example.org:${receiver.port}/firecall-hook`);
    await storeDueDelivery("evt_rebind_wh");
    expect(await service.attempt("evt_rebind_wh", DUE_AT)).toBe(false);
    expect(receiver.received).toEqual([]);
    expect((await clients.admin.doc(`${WEBHOOK_DELIVERIES}/evt_rebind_wh`).get()).data()).toMatchObject({
      state: "pending",
      attempts: 1,
      lastError:
        "refused: url must point to a public address; rebind.example.org resolves to 127.0.0.1, a loopback address.",
    });
    expect(lookups).toEqual(["rebind.example.org"]);
  });

  it("connects to the address it checked, not to a second lookup's", async () => {
    // The receiver listens on 127.0.0.2 only; the system resolves localhost to 127.0.0.1 (or ::1),
    // so the request arrives only if it went to the address our resolver returned and we checked.
    await receiver.start("127.0.0.2");
    const lookups: string[] = [];
    const service = new WebhookService(
      new WebhookStore(clients.admin),
      { ...DEFAULT_WEBHOOK_SETTINGS, allowLoopback: true },
      async (host) => {
        lookups.push(host);
        return ["127.0.0.2"];
      },
    );
    await storeWebhook(`http://localhost:${receiver.port}/firecall-hook`);
    await storeDueDelivery("evt_pin_wh");
    expect(await service.attempt("evt_pin_wh", DUE_AT)).toBe(true);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.host).toBe(`localhost:${receiver.port}`);
    expect(lookups).toEqual(["localhost"]);
  });

  it("never follows a redirect", async () => {
    const target = new Receiver();
    const targetUrl = await target.start();
    try {
      const url = await receiver.start();
      receiver.answer = { status: 302, headers: { Location: targetUrl } };
      await client(key).registerWebhook(url);
      await client(key).createCall({});
      const all = await waitForDeliveries(
        (d) => d.some((x) => x.type === "call.created" && x.lastError !== null),
        "the redirected attempt",
      );
      expect(all.find((d) => d.type === "call.created")).toMatchObject({
        state: "pending",
        lastError: "HTTP 302 (redirects are not followed)",
      });
      expect(receiver.received.map((r) => r.type)).toContain("call.created");
      expect(target.received).toEqual([]);
    } finally {
      await target.stop();
    }
  });
});

describe("presence events", () => {
  /** A guest's page as the web app writes it: leave on pagehide, join with a fresh session. */
  const leave = (c: TestClient, id: string) =>
    updateDoc(doc(c.db, CALLS, id, SIGNALS, c.uid!), { left: true, updatedAt: serverTimestamp() });
  const join = (c: TestClient, id: string, n: number) =>
    setDoc(doc(c.db, CALLS, id, SIGNALS, c.uid!), newSignalDoc({ session: `session-flip-${n}` }));

  async function presence(id: string, uid: string): Promise<Record<string, unknown>> {
    return (await clients.admin.doc(`${WEBHOOK_PRESENCE}/${id}_${uid}`).get()).data() ?? {};
  }

  async function waitForPresence(id: string, uid: string, check: (p: Record<string, unknown>) => boolean) {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (check(await presence(id, uid))) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`presence did not settle: ${JSON.stringify(await presence(id, uid))}`);
  }

  it("a guest flipping sessions 16 times (reloads) is one participant.joined and no participant.left", async () => {
    await client(key).registerWebhook(await receiver.start());
    const call = await client(key).createCall({});
    const guest = await clients.client();
    await updateDoc(doc(guest.db, CALLS, call.id), { participants: arrayUnion(guest.uid) });
    await join(guest, call.id, 0);
    await receiver.waitFor("participant.joined");
    for (let n = 1; n <= 16; n++) {
      await leave(guest, call.id);
      await waitForPresence(call.id, guest.uid!, (p) => p.leftAt != null);
      await join(guest, call.id, n);
      await waitForPresence(call.id, guest.uid!, (p) => p.leftAt === null);
    }
    // Held-back departures were withdrawn: nothing is due, even long after the grace period.
    const retries = new WebhookService(new WebhookStore(clients.admin), {
      ...DEFAULT_WEBHOOK_SETTINGS,
      allowLoopback: true,
    });
    await retries.retryDue(Date.now() + 24 * 3600_000);
    const participantEvents = (await deliveries()).filter((d) => String(d.type).startsWith("participant."));
    expect(participantEvents.map((d) => d.type)).toEqual(["participant.joined"]);
    expect(receiver.received.filter((r) => r.type.startsWith("participant.")).map((r) => r.type)).toEqual([
      "participant.joined",
    ]);
    expect(await presence(call.id, guest.uid!)).toMatchObject({ present: true, visit: 1, leftAt: null });
  });
});
