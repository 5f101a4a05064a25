// The REST API under test: raw requests whose every response is checked against the OpenAPI
// document, API keys made with the code the admin script uses, and counts of what is stored.
import { afterAll, afterEach, beforeEach, expect } from "vitest";
import { FirecallApi } from "../../clients/firecall-api";
import { ApiKeyService } from "../../functions/src/service/api-key-service";
import { ApiKeyStore } from "../../functions/src/service/api-key-store";
import { IDEMPOTENCY_KEYS } from "../../functions/src/service/call-store";
import { WEBHOOK_DELIVERIES, WEBHOOKS } from "../../functions/src/service/webhook-store";
import { CALLS } from "../../functions/src/shared/call-model";
import { functionUrl, type EmulatorClients } from "./emulator-clients";
import { validateResponse } from "./openapi-validator";

/** The function's own URL; the API's paths start with /v1 below it. */
export const API_BASE = functionUrl("api");

export interface ApiResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text for other content types. */
  body: unknown;
  text: string;
}

/** Every response any test receives goes through here and is checked against the document. */
export function assertDocumented(method: string, path: string, res: Response, text: string): unknown {
  const type = res.headers.get("content-type");
  const body = type && /json/.test(type) ? (JSON.parse(text) as unknown) : text;
  const pathname = new URL(path, "http://x").pathname;
  const errors = validateResponse(
    method,
    pathname,
    res.status,
    text === "" ? null : type,
    text === "" ? undefined : body,
  );
  expect(errors, `${method} ${path} → ${res.status} ${text.slice(0, 300)}`).toEqual([]);
  return body;
}

/** A fetch that validates every response against the OpenAPI document (for FirecallApi too). */
export const validatingFetch: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  const res = await fetch(input, init);
  const text = await res.clone().text();
  assertDocumented(init?.method ?? "GET", url.pathname.slice(url.pathname.indexOf("/v1/")) + url.search, res, text);
  return res;
};

/** One raw request: `body` is sent as JSON, `rawBody` exactly as given (with the caller's headers). */
export async function apiRequest(
  method: string,
  path: string,
  opts: {
    key?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
    /** The platform's JSON parser refuses the body before the API runs (see docs/api.md). */
    refusedByPlatform?: boolean;
  } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...(opts.key ? { Authorization: `Bearer ${opts.key}` } : {}) };
  let body = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] = "application/json";
  }
  const res = await fetch(`${API_BASE}${path}`, { method, headers: { ...headers, ...opts.headers }, body });
  const text = await res.text();
  if (opts.refusedByPlatform) return { status: res.status, headers: res.headers, body: { code: null }, text };
  return { status: res.status, headers: res.headers, body: assertDocumented(method, path, res, text), text };
}

export function client(key: string): FirecallApi {
  return new FirecallApi({ baseUrl: API_BASE, apiKey: key, fetch: validatingFetch });
}

/** The admin script's code path, against the emulator. */
export function keyService(clients: EmulatorClients): ApiKeyService {
  return new ApiKeyService(new ApiKeyStore(clients.admin));
}

/** How many documents each collection the API writes holds. */
export async function storedCounts(clients: EmulatorClients): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of [CALLS, IDEMPOTENCY_KEYS, WEBHOOKS, WEBHOOK_DELIVERIES]) {
    out[name] = (await clients.admin.collection(name).count().get()).data().count;
  }
  return out;
}

/**
 * For one API test file: a clean database and a fresh key of app `appName` before each test,
 * signed-in people closed after each, the clients closed after all. Returns the current key.
 */
export function useFreshApiKey(clients: EmulatorClients, appName = "clinic"): () => string {
  let key = "";
  beforeEach(async () => {
    await clients.clearFirestore();
    key = (await keyService(clients).create(appName)).apiKey;
  });
  afterEach(() => clients.closeClients());
  afterAll(() => clients.close());
  return () => key;
}
