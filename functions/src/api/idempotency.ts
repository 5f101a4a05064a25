import { FirecallError } from "@firecall/model";
import { sha256Hex } from "../service/hashing.js";
import type { ApiRequest } from "./types.js";
import { API_LIMITS } from "./validate.js";

/** JSON with object keys sorted, so the same body in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The Idempotency-Key of a request, as the document id it is stored under (a hash of the app and
 * the key) and the hash of the body it came with; null when the request has none.
 */
export function idempotencyOf(
  req: ApiRequest,
  appId: string,
  body: unknown,
): { docId: string; requestHash: string } | undefined {
  const key = req.header("idempotency-key");
  if (key === undefined) return undefined;
  if (key.length === 0 || key.length > API_LIMITS.idempotencyKeyMaxLength || !/^[\x21-\x7e]+$/.test(key)) {
    throw new FirecallError(
      "invalid_idempotency_key",
      `Use 1-${API_LIMITS.idempotencyKeyMaxLength} visible ASCII characters, such as a UUID.`,
    );
  }
  return { docId: sha256Hex(`${appId}\n${key}`), requestHash: sha256Hex(canonicalJson(body)) };
}
