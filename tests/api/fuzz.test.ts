// Property-based fuzzing of every REST endpoint and field (fast-check) against the emulators:
// whatever arrives, the API never answers 5xx, every answer it writes itself is documented in the
// OpenAPI document, and a 4xx changes nothing (every document of every collection the API writes
// keeps its update time; the per-key rate-limit counter is the documented exception). Bounded:
// a fixed number of runs per endpoint, a few hundred requests in all.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDEMPOTENCY_KEYS } from "../../functions/src/service/call-store";
import { WEBHOOK_DELIVERIES, WEBHOOK_PRESENCE, WEBHOOKS } from "../../functions/src/service/webhook-store";
import { CALLS } from "../../functions/src/shared/call-model";
import { API_BASE, assertDocumented, keyService } from "../support/api-harness";
import { EmulatorClients } from "../support/emulator-clients";
import {
  anyJson,
  callPath,
  createBody,
  deepBody,
  idempotencyKey,
  listQuery,
  patchBody,
  rawText,
  webhookBody,
  webhookId,
} from "../support/fuzz-arbitraries";

const clients = new EmulatorClients("api-fuzz-test");
let callKey = "";
let hookKey = "";
let callId = "";

beforeAll(async () => {
  await clients.clearFirestore();
  // Own limits high enough that the per-key rate limit never answers instead of the code under test.
  callKey = (await keyService(clients).create("fuzz-calls", { rateLimitPerMinute: 100_000 })).apiKey;
  hookKey = (await keyService(clients).create("fuzz-hooks", { rateLimitPerMinute: 100_000 })).apiKey;
  const res = await send({ method: "POST", path: "/v1/calls", key: callKey, json: { title: "target" } });
  callId = (JSON.parse(res.text) as { id: string }).id;
});
afterAll(() => clients.close());

/** Every document the API may write (rate-limit counters aside), with its update time. */
async function written(): Promise<string[]> {
  const out: string[] = [];
  for (const name of [CALLS, IDEMPOTENCY_KEYS, WEBHOOKS, WEBHOOK_DELIVERIES, WEBHOOK_PRESENCE]) {
    for (const d of (await clients.admin.collection(name).get()).docs)
      out.push(`${name}/${d.id}@${d.updateTime.toMillis()}`);
  }
  return out.sort();
}

interface Sent {
  method: string;
  path: string;
  key?: string;
  /** Sent as JSON, or `raw` exactly as given with `contentType`. */
  json?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

async function send(req: Sent): Promise<{ status: number; type: string; text: string; res: Response }> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.key) headers.Authorization = `Bearer ${req.key}`;
  let body: string | undefined = req.raw;
  if (req.json !== undefined) body = JSON.stringify(req.json);
  if (body !== undefined) headers["Content-Type"] = req.contentType ?? "application/json";
  const res = await fetch(`${API_BASE}${req.path}`, { method: req.method, headers, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get("content-type") ?? "", text, res };
}

/** The property: no 5xx, documented answers, and nothing written unless it succeeded. */
async function check(req: Sent): Promise<void> {
  const before = await written();
  const { status, type, text, res } = await send(req);
  const what = `${req.method} ${req.path} ${JSON.stringify(req.json ?? req.raw ?? null).slice(0, 300)} → ${status} ${text.slice(0, 200)}`;
  expect(status, what).toBeLessThan(500);
  // The platform's own 400 for a body declared JSON that is not (HTML, no stack trace); all else is ours.
  if (!(status === 400 && type.startsWith("text/html"))) assertDocumented(req.method, req.path, res, text);
  else expect(text, what).not.toMatch(/node_modules|\bat \w/);
  if (status >= 400) expect(await written(), what).toEqual(before);
}

const RUNS = { seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000), numRuns: 40, endOnFailure: true };

describe("fuzzing the REST API", () => {
  it("POST /v1/calls", async () => {
    await fc.assert(
      fc.asyncProperty(createBody, fc.option(idempotencyKey, { nil: undefined }), async (body, idem) => {
        await check({
          method: "POST",
          path: "/v1/calls",
          key: callKey,
          json: body,
          headers: idem ? { "Idempotency-Key": idem } : {},
        });
      }),
      { ...RUNS, numRuns: 70 },
    );
  });

  it("bodies nested thousands of levels deep, with an Idempotency-Key", async () => {
    await fc.assert(
      fc.asyncProperty(deepBody, idempotencyKey, async (raw, idem) => {
        await check({ method: "POST", path: "/v1/calls", key: callKey, raw, headers: { "Idempotency-Key": idem } });
      }),
      { ...RUNS, numRuns: 15 },
    );
  });

  it("raw bodies of any content type", async () => {
    const paths = fc.constantFrom("/v1/calls", "/v1/webhooks", "PATCH", "END");
    const types = fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/octet-stream",
    );
    await fc.assert(
      fc.asyncProperty(paths, rawText, types, async (where, raw, contentType) => {
        const path = where === "PATCH" ? `/v1/calls/${callId}` : where === "END" ? `/v1/calls/${callId}x/end` : where;
        const method = where === "PATCH" ? "PATCH" : "POST";
        await check({ method, path, key: where === "/v1/webhooks" ? hookKey : callKey, raw, contentType });
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it("PATCH /v1/calls/{id} and POST /v1/calls/{id}/end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(null), callPath), patchBody, fc.boolean(), async (path, body, end) => {
        const base = path ?? `/v1/calls/${callId}`;
        // Ending the target would make every later PATCH a 410; end only other (random) ids.
        if (end && path !== null) await check({ method: "POST", path: `${base}/end`, key: callKey, json: body });
        else await check({ method: "PATCH", path: base, key: callKey, json: body });
      }),
      { ...RUNS, numRuns: 50 },
    );
  });

  it("GET /v1/calls with any query, and any call path", async () => {
    await fc.assert(
      fc.asyncProperty(listQuery, callPath, fc.constantFrom("", ".ics"), async (query, path, suffix) => {
        await check({ method: "GET", path: `/v1/calls?${query}`, key: callKey });
        await check({ method: "GET", path: `${path}${suffix}`, key: callKey });
      }),
      { ...RUNS, numRuns: 40 },
    );
  });

  it("POST, GET and DELETE /v1/webhooks", async () => {
    await fc.assert(
      fc.asyncProperty(webhookBody, webhookId, async (body, id) => {
        await check({ method: "POST", path: "/v1/webhooks", key: hookKey, json: body });
        await check({ method: "DELETE", path: `/v1/webhooks/${id}`, key: hookKey });
      }),
      { ...RUNS, numRuns: 40 },
    );
    await check({ method: "GET", path: "/v1/webhooks", key: hookKey });
  });

  it("any Authorization header, from addresses of its own", async () => {
    const auth = fc.oneof(
      fc.constant(undefined),
      fc.stringMatching(/^[\x20-\x7e]{0,120}$/),
      fc.stringMatching(/^fc_[a-z0-9]{16}_[a-f0-9]{64}$/).map((k) => `Bearer ${k}`),
      fc.constantFrom(`Bearer ${"x".repeat(200)}`, "Basic dXNlcjpwYXNz", "Bearer", "bearer  fc__"),
    );
    const address = fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 1, max: 254 }));
    await fc.assert(
      fc.asyncProperty(auth, address, callPath, async (authorization, [a, b], path) => {
        const headers: Record<string, string> = { "X-Forwarded-For": `198.18.${a}.${b}` };
        if (authorization !== undefined) headers.Authorization = authorization;
        await check({ method: "GET", path, headers });
        await check({ method: "POST", path: "/v1/calls", headers, json: {} });
      }),
      { ...RUNS, numRuns: 20 },
    );
  });

  it("any JSON at all, to every write endpoint", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyJson,
        fc.constantFrom("POST /v1/calls", "PATCH", "POST /v1/webhooks"),
        async (json, where) => {
          const [method, path] = where === "PATCH" ? ["PATCH", `/v1/calls/${callId}`] : where.split(" ");
          await check({ method: method!, path: path!, key: path === "/v1/webhooks" ? hookKey : callKey, json });
        },
      ),
      { ...RUNS, numRuns: 30 },
    );
  });
});
