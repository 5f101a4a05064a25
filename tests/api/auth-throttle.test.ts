// Wrong API keys are throttled per client address: after a bounded number of failures in a minute
// the address gets 429 with Retry-After, and an address this instance knows to be throttled costs
// no Firestore read at all. Once through the deployed function (the Functions emulator), and once
// in-process against the Firestore emulator with a clock we choose, counting every store access.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { handleApiRequest } from "../../functions/src/api/handler";
import type { ApiDeps } from "../../functions/src/api/context";
import type { ApiRequest } from "../../functions/src/api/types";
import { ApiKeyService } from "../../functions/src/service/api-key-service";
import { ApiKeyStore, RATE_LIMITS } from "../../functions/src/service/api-key-store";
import { AuthFailureThrottle } from "../../functions/src/service/auth-failure-throttle";
import { CallService } from "../../functions/src/service/call-service";
import { CallStore } from "../../functions/src/service/call-store";
import { WebhookService } from "../../functions/src/service/webhook-service";
import { WebhookStore } from "../../functions/src/service/webhook-store";
import { apiRequest, keyService, storedCounts } from "../support/api-harness";
import { EmulatorClients, functionsEnv } from "../support/emulator-clients";

const clients = new EmulatorClients("api-auth-throttle-test");
const LIMIT = Number(functionsEnv().API_AUTH_FAILURES_PER_MINUTE);
const wrongKey = (i: number) => `fc_${String(i).padStart(16, "0")}_${"b".repeat(64)}`;

beforeEach(() => clients.clearFirestore());
afterAll(() => clients.close());

/**
 * The limit counts per fixed minute. So that a run never straddles two windows (which would reset
 * the count halfway), start early in a minute: waits at most 20 s, only when the minute is nearly over.
 */
async function startOfAFreshishMinute(): Promise<void> {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 40_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 100));
}

describe("through the deployed API", () => {
  it(`answers 429 with Retry-After after ${LIMIT} wrong keys from one address, and only to that address`, async () => {
    const valid = (await keyService(clients).create("throttle-app")).apiKey;
    const before = await storedCounts(clients);
    await startOfAFreshishMinute();
    const from = (address: string, key: string) =>
      apiRequest("GET", "/v1/calls", { key, headers: { "X-Forwarded-For": `10.9.9.9, ${address}` } });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 5; i++) statuses.push((await from("203.0.113.50", wrongKey(i))).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), ...Array<number>(5).fill(429)]);

    const refused = await from("203.0.113.50", wrongKey(99));
    expect(refused.body).toMatchObject({ status: 429, code: "too_many_auth_failures" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Even a valid key waits from that address; another address (the forged first entry aside) is unaffected.
    expect((await from("203.0.113.50", valid)).status).toBe(429);
    expect((await from("198.51.100.8", wrongKey(1))).body).toMatchObject({ status: 401, code: "invalid_api_key" });
    expect((await from("198.51.100.8", valid)).status).toBe(200);
    // Nothing but rate-limit counters was written.
    expect(await storedCounts(clients)).toEqual(before);
  });
});

/** A store that counts what the API asks of it. */
class CountingKeyStore extends ApiKeyStore {
  gets = 0;
  counts = 0;
  override get(keyId: string) {
    this.gets++;
    return super.get(keyId);
  }
  override countRequest(subject: string, windowStartMs: number, windowMs: number, limit: number) {
    this.counts++;
    return super.countRequest(subject, windowStartMs, windowMs, limit);
  }
}

describe("in-process, with a clock and counted reads", () => {
  let now = Date.UTC(2027, 0, 4, 10, 0, 5);
  let store: CountingKeyStore;
  let deps: ApiDeps;

  beforeEach(() => {
    store = new CountingKeyStore(clients.admin);
    const settings = { defaultEmptyTimeoutSeconds: 300, unusedTimeoutSeconds: 3600 };
    deps = {
      // This test makes no calls: a quota that always allows is enough.
      calls: new CallService(new CallStore(clients.admin), settings, { take: async () => ({ ok: true }) }, () => now),
      keys: new ApiKeyService(store, () => now),
      authFailures: new AuthFailureThrottle(store, { failuresPerWindow: 5, windowMs: 60_000 }, () => now),
      webhooks: new WebhookService(new WebhookStore(clients.admin)),
      links: { baseUrl: "https://firecall.example.org" },
      rateLimitPerMinute: 1000,
      now: () => now,
    };
  });

  const request = (address: string, key: string): ApiRequest => ({
    method: "GET",
    path: "/v1/calls",
    query: new URLSearchParams(),
    header: (name) => (name === "authorization" ? `Bearer ${key}` : undefined),
    rawBody: undefined,
    clientAddress: address,
  });

  it("refuses a throttled address without reading anything, until its window ends", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await handleApiRequest(request("192.0.2.7", wrongKey(i)), deps)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect({ gets: store.gets, counts: store.counts }).toEqual({ gets: 6, counts: 6 });

    for (let i = 0; i < 20; i++) {
      const res = await handleApiRequest(request("192.0.2.7", wrongKey(i)), deps);
      expect(res).toMatchObject({ status: 429, headers: { "Retry-After": "55" } });
    }
    expect({ gets: store.gets, counts: store.counts }).toEqual({ gets: 6, counts: 6 });

    // IPv6 clients are counted by their /64: another address in it is just as throttled.
    for (let i = 0; i < 6; i++) await handleApiRequest(request("2001:db8:5:6::1", wrongKey(i)), deps);
    expect((await handleApiRequest(request("2001:db8:5:6:ffff::2", wrongKey(7)), deps)).status).toBe(429);

    now += 60_000; // the next window
    expect((await handleApiRequest(request("192.0.2.7", wrongKey(1)), deps)).status).toBe(401);
    const counters = await clients.admin.collection(RATE_LIMITS).get();
    // Counters name a hash of the address, never the address itself.
    expect(counters.docs.map((d) => JSON.stringify(d.data()) + d.id).join()).not.toContain("192.0.2.7");
  });
});
