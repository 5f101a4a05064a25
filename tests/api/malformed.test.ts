// Bad requests to the REST API: each gets the documented problem+json with its status and code,
// and none leaves a document behind (calls, Idempotency-Key records, webhooks, deliveries).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorClients } from "../support/emulator-clients";
import { apiRequest, keyService, storedCounts } from "../support/api-harness";

const clients = new EmulatorClients("api-malformed-test");
let key = "";
let revoked = "";
let wrongSecret = "";
let scheduledId = "";
let baseline: Record<string, number> = {};

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const CALL = "/v1/calls";

beforeAll(async () => {
  await clients.clearFirestore();
  const keys = keyService(clients);
  key = (await keys.create("malformed-app")).apiKey;
  const old = await keys.create("malformed-app");
  await keys.revoke(old.keyId);
  revoked = old.apiKey;
  wrongSecret = key.replace(/_[a-f0-9]{64}$/, `_${"0".repeat(64)}`);
  const created = await apiRequest("POST", CALL, { key, body: { startsAt: inMinutes(60) } });
  scheduledId = (created.body as { id: string }).id;
  baseline = await storedCounts(clients);
});
afterAll(() => clients.close());

interface Case {
  name: string;
  method: string;
  path: string | (() => string);
  /** "none" sends no Authorization header; a function picks another key. */
  auth?: "none" | (() => string);
  headers?: Record<string, string>;
  body?: unknown;
  status: number;
  /** null: refused by the platform's JSON parser (strict body-parser) before the API runs. */
  code: string | null;
}

const json = { "Content-Type": "application/json" };
const call = () => `${CALL}/${scheduledId}`;

/** A POST /v1/calls with a JSON body, answered with `status` and `code`. */
const post = (name: string, body: unknown, status: number, code: string): Case => ({
  name,
  method: "POST",
  path: CALL,
  body,
  status,
  code,
});

const CASES: Case[] = [
  // Authentication (401)
  {
    name: "no Authorization header",
    method: "POST",
    path: CALL,
    auth: "none",
    body: {},
    status: 401,
    code: "missing_api_key",
  },
  {
    name: "Basic instead of Bearer",
    method: "GET",
    path: CALL,
    auth: "none",
    headers: { Authorization: "Basic dXNlcjpwYXNz" },
    status: 401,
    code: "missing_api_key",
  },
  {
    name: "a key of the wrong shape",
    method: "POST",
    path: CALL,
    auth: () => "sk_live_nope",
    body: {},
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "an unknown key id",
    method: "POST",
    path: CALL,
    auth: () => `fc_${"a".repeat(16)}_${"b".repeat(64)}`,
    body: {},
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "a known key id with the wrong secret",
    method: "POST",
    path: CALL,
    auth: () => wrongSecret,
    body: {},
    status: 401,
    code: "invalid_api_key",
  },
  {
    name: "a revoked key",
    method: "POST",
    path: CALL,
    auth: () => revoked,
    body: {},
    status: 401,
    code: "revoked_api_key",
  },
  {
    name: "a revoked key reading",
    method: "GET",
    path: call,
    auth: () => revoked,
    status: 401,
    code: "revoked_api_key",
  },
  // The body itself (400, 413, 415)
  // Cloud Functions (and its emulator) parse application/json bodies before any user code runs
  // and answer 400 themselves for text that is not a JSON object or array: still a 400, still nothing written.
  { name: "malformed JSON", method: "POST", path: CALL, headers: json, body: '{"title": "x"', status: 400, code: null },
  { name: "a JSON array", method: "POST", path: CALL, headers: json, body: "[]", status: 400, code: "invalid_json" },
  { name: "a JSON string", method: "POST", path: CALL, headers: json, body: '"call"', status: 400, code: null },
  { name: "JSON null", method: "POST", path: CALL, headers: json, body: "null", status: 400, code: null },
  { name: "no body", method: "POST", path: CALL, headers: json, status: 400, code: "invalid_json" },
  {
    name: "text/plain",
    method: "POST",
    path: CALL,
    headers: { "Content-Type": "text/plain" },
    body: "{}",
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "form data",
    method: "POST",
    path: CALL,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: "title=x",
    status: 415,
    code: "unsupported_media_type",
  },
  post("a huge body", { title: "x".repeat(20_000) }, 413, "payload_too_large"),
  // Fields (400, 422)
  post("an unknown field", { topic: "x" }, 400, "invalid_request"),
  post("a field of the callable's spelling", { starts_at: inMinutes(5) }, 400, "invalid_request"),
  post("startsAt without an offset", { startsAt: "2027-01-01T10:00:00" }, 400, "invalid_start_time"),
  post("startsAt as a date only", { startsAt: "2027-01-01" }, 400, "invalid_start_time"),
  post("startsAt as a number", { startsAt: 1_800_000_000_000 }, 400, "invalid_start_time"),
  post("startsAt on February 30", { startsAt: "2027-02-30T10:00:00Z" }, 400, "invalid_start_time"),
  post("startsAt in the past", { startsAt: "2020-01-01T10:00:00Z" }, 422, "start_time_out_of_range"),
  post("startsAt two years ahead", { startsAt: inMinutes(2 * 366 * 24 * 60) }, 422, "start_time_out_of_range"),
  post("title as a number", { title: 42 }, 400, "invalid_title"),
  post("title too long", { title: "t".repeat(201) }, 400, "invalid_title"),
  post("emptyTimeoutSeconds too small", { emptyTimeoutSeconds: 10 }, 400, "invalid_empty_timeout"),
  post("emptyTimeoutSeconds as a string", { emptyTimeoutSeconds: "60" }, 400, "invalid_empty_timeout"),
  post("emptyTimeoutSeconds fractional", { emptyTimeoutSeconds: 60.5 }, 400, "invalid_empty_timeout"),
  post("host as a number", { host: 7 }, 400, "invalid_request"),
  post("guest too long", { guest: "g".repeat(101) }, 400, "invalid_request"),
  post("metadata as a list", { metadata: ["a"] }, 400, "invalid_metadata"),
  post("a metadata value that is not a string", { metadata: { n: 1 } }, 400, "invalid_metadata"),
  post(
    "too many metadata entries",
    { metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"])) },
    400,
    "invalid_metadata",
  ),
  post("a metadata key with a space", { metadata: { "a b": "v" } }, 400, "invalid_metadata"),
  post("a long metadata value", { metadata: { k: "v".repeat(501) } }, 400, "invalid_metadata"),
  {
    name: "an overlong Idempotency-Key",
    method: "POST",
    path: CALL,
    headers: { "Idempotency-Key": "k".repeat(300) },
    body: {},
    status: 400,
    code: "invalid_idempotency_key",
  },
  {
    name: "an Idempotency-Key with a space",
    method: "POST",
    path: CALL,
    headers: { "Idempotency-Key": "two words" },
    body: {},
    status: 400,
    code: "invalid_idempotency_key",
  },
  {
    name: "a bad body with an Idempotency-Key",
    method: "POST",
    path: CALL,
    headers: { "Idempotency-Key": "bad-1" },
    body: { startsAt: "tomorrow" },
    status: 400,
    code: "invalid_start_time",
  },
  // Rescheduling and ending
  {
    name: "PATCH with an unknown field",
    method: "PATCH",
    path: call,
    body: { host: "x" },
    status: 400,
    code: "invalid_request",
  },
  { name: "PATCH with nothing to change", method: "PATCH", path: call, body: {}, status: 400, code: "invalid_request" },
  {
    name: "PATCH startsAt null",
    method: "PATCH",
    path: call,
    body: { startsAt: null },
    status: 400,
    code: "invalid_start_time",
  },
  {
    name: "PATCH to the past",
    method: "PATCH",
    path: call,
    body: { startsAt: "2021-06-01T10:00:00+02:00" },
    status: 422,
    code: "start_time_out_of_range",
  },
  { name: "PATCH with malformed JSON", method: "PATCH", path: call, headers: json, body: "{", status: 400, code: null },
  {
    name: "PATCH with a JSON array",
    method: "PATCH",
    path: call,
    headers: json,
    body: "[1]",
    status: 400,
    code: "invalid_json",
  },
  {
    name: "PATCH of a call that does not exist",
    method: "PATCH",
    path: `${CALL}/abcd-efgh-ijkm-nopq`,
    body: { title: "x" },
    status: 404,
    code: "call_not_found",
  },
  {
    name: "end with fields",
    method: "POST",
    path: () => `${call()}/end`,
    body: { reason: "x" },
    status: 400,
    code: "invalid_request",
  },
  {
    name: "end of a call that does not exist",
    method: "POST",
    path: `${CALL}/abcd-efgh-ijkm-nopq/end`,
    status: 404,
    code: "call_not_found",
  },
  // Listing
  { name: "an unknown status", method: "GET", path: `${CALL}?status=done`, status: 400, code: "invalid_query" },
  { name: "limit 0", method: "GET", path: `${CALL}?limit=0`, status: 400, code: "invalid_query" },
  { name: "limit 101", method: "GET", path: `${CALL}?limit=101`, status: 400, code: "invalid_query" },
  { name: "limit not a number", method: "GET", path: `${CALL}?limit=ten`, status: 400, code: "invalid_query" },
  {
    name: "from without an offset",
    method: "GET",
    path: `${CALL}?from=2027-01-01T00:00:00`,
    status: 400,
    code: "invalid_query",
  },
  { name: "an unknown parameter", method: "GET", path: `${CALL}?sort=desc`, status: 400, code: "invalid_query" },
  {
    name: "a repeated parameter",
    method: "GET",
    path: `${CALL}?status=open&status=scheduled`,
    status: 400,
    code: "invalid_query",
  },
  {
    name: "a forged cursor",
    method: "GET",
    path: `${CALL}?cursor=bm90LWEtY3Vyc29y`,
    status: 400,
    code: "invalid_cursor",
  },
  // Routing
  { name: "an unknown endpoint", method: "GET", path: "/v1/meetings", status: 404, code: "not_found" },
  { name: "a wrong method", method: "DELETE", path: CALL, status: 405, code: "method_not_allowed" },
  // Webhooks
  {
    name: "a plain-http webhook on another host",
    method: "POST",
    path: "/v1/webhooks",
    body: { url: "http://example.com/hook" },
    status: 422,
    code: "invalid_webhook_url",
  },
  {
    name: "a webhook url that is no URL",
    method: "POST",
    path: "/v1/webhooks",
    body: { url: "not a url" },
    status: 422,
    code: "invalid_webhook_url",
  },
  {
    name: "an unknown webhook event",
    method: "POST",
    path: "/v1/webhooks",
    body: { url: "https://example.com/hook", events: ["call.deleted"] },
    status: 400,
    code: "invalid_request",
  },
  {
    name: "an unknown webhook field",
    method: "POST",
    path: "/v1/webhooks",
    body: { url: "https://example.com/hook", secret: "mine" },
    status: 400,
    code: "invalid_request",
  },
  {
    name: "deleting a webhook that does not exist",
    method: "DELETE",
    path: "/v1/webhooks/wh_000000000000000000000000",
    status: 404,
    code: "webhook_not_found",
  },
];

describe("malformed requests", () => {
  it("has at least 30 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const path = typeof c.path === "function" ? c.path() : c.path;
    const auth = c.auth === "none" ? undefined : c.auth ? c.auth() : key;
    const raw = typeof c.body === "string";
    const res = await apiRequest(c.method, path, {
      key: auth,
      body: raw ? undefined : c.body,
      headers: c.headers,
      ...(raw ? { rawBody: c.body as string } : {}),
      refusedByPlatform: c.code === null,
    });
    expect({ status: res.status, code: (res.body as { code?: string | null }).code ?? null }).toEqual({
      status: c.status,
      code: c.code,
    });
    if (c.code !== null) expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await storedCounts(clients)).toEqual(baseline);
  });

  it("left the scheduled call as it was", async () => {
    const res = await apiRequest("GET", `${CALL}/${scheduledId}`, { key });
    expect(res.body).toMatchObject({ status: "scheduled", sequence: 0, title: null });
  });
});
