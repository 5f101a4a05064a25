import { FirecallError, type Reason } from "@firecall/model";
import { HttpsError, type FunctionsErrorCode } from "firebase-functions/v2/https";

/**
 * The callables' half of the error vocabulary (@firecall/model errors.ts): the HttpsError code each
 * reason gets. The reason itself travels in the error's details (`{ reason, ...details }`), which
 * is what the web app reads. Reasons only the REST API raises have a code too, so the table is
 * total and a new reason cannot be forgotten here.
 */
const HTTPS_CODES: Record<Reason, FunctionsErrorCode> = {
  invalid_request: "invalid-argument",
  invalid_json: "invalid-argument",
  payload_too_large: "invalid-argument",
  unsupported_media_type: "invalid-argument",
  invalid_call_id: "invalid-argument",
  invalid_start_time: "invalid-argument",
  start_time_out_of_range: "invalid-argument",
  invalid_title: "invalid-argument",
  invalid_empty_timeout: "invalid-argument",
  invalid_room_name: "invalid-argument",
  invalid_metadata: "invalid-argument",
  invalid_query: "invalid-argument",
  invalid_cursor: "invalid-argument",
  invalid_idempotency_key: "invalid-argument",
  invalid_webhook_url: "invalid-argument",
  invalid_app_name: "invalid-argument",
  sign_in_required: "unauthenticated",
  app_not_verified: "unauthenticated",
  missing_api_key: "unauthenticated",
  invalid_api_key: "unauthenticated",
  revoked_api_key: "unauthenticated",
  insufficient_scope: "permission-denied",
  not_host: "permission-denied",
  not_participant: "permission-denied",
  not_found: "not-found",
  method_not_allowed: "unimplemented",
  call_not_found: "not-found",
  webhook_not_found: "not-found",
  call_not_started: "failed-precondition",
  call_started: "failed-precondition",
  call_ended: "failed-precondition",
  idempotency_conflict: "already-exists",
  webhook_limit_reached: "resource-exhausted",
  quota_exceeded: "resource-exhausted",
  rate_limited: "resource-exhausted",
  too_many_auth_failures: "resource-exhausted",
  internal: "internal",
};

/** The HttpsError for a refusal: its reason's code, its message, and the reason in the details. */
export function httpsErrorOf(err: FirecallError): HttpsError {
  return new HttpsError(HTTPS_CODES[err.reason], err.message, { reason: err.reason, ...err.details });
}

/** Maps a refusal to its HttpsError so the client gets a code and a reason it can act on; rethrows anything else. */
export function toHttpsError(err: unknown): never {
  if (err instanceof FirecallError) throw httpsErrorOf(err);
  throw err;
}
