import { FirecallError, type Reason } from "@firecall/model";

/**
 * The REST API's half of the error vocabulary (@firecall/model errors.ts): every refusal is an RFC
 * 9457 problem (application/problem+json) whose `code` is the reason, with the HTTP status and
 * title this table gives it (docs/api.md and the OpenAPI document list the same). Reasons only the
 * callables raise have an entry too, so the table is total.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

type ProblemType = [status: number, title: string, code?: string];

const PROBLEMS: Record<Reason, ProblemType> = {
  invalid_request: [400, "The request is not valid."],
  invalid_json: [400, "The request body is not valid JSON."],
  payload_too_large: [413, "The request body is too large."],
  unsupported_media_type: [415, "Unsupported content type."],
  // An id that cannot exist is simply not found, as for another app's call.
  invalid_call_id: [404, "No such call.", "call_not_found"],
  invalid_start_time: [400, "startsAt is not valid."],
  start_time_out_of_range: [422, "startsAt is out of range."],
  invalid_title: [400, "title is not valid."],
  invalid_empty_timeout: [400, "emptyTimeoutSeconds is not valid."],
  invalid_room_name: [400, "The room name is not valid."],
  invalid_metadata: [400, "metadata is not valid."],
  invalid_query: [400, "The query is not valid."],
  invalid_cursor: [400, "The cursor is not valid."],
  invalid_idempotency_key: [400, "The Idempotency-Key is not valid."],
  invalid_webhook_url: [422, "The webhook URL is not allowed."],
  invalid_app_name: [400, "The app name is not valid."],
  sign_in_required: [401, "Not authenticated."],
  app_not_verified: [401, "Not authenticated."],
  missing_api_key: [401, "Not authenticated."],
  invalid_api_key: [401, "Not authenticated."],
  revoked_api_key: [401, "Not authenticated."],
  insufficient_scope: [403, "Not allowed."],
  not_host: [403, "Not allowed."],
  not_participant: [403, "Not allowed."],
  not_found: [404, "Not found."],
  method_not_allowed: [405, "Method not allowed."],
  call_not_found: [404, "No such call."],
  webhook_not_found: [404, "No such webhook."],
  call_not_started: [409, "The call has not started."],
  call_started: [409, "The call has started."],
  call_ended: [410, "The call is over."],
  idempotency_conflict: [409, "Idempotency-Key reused."],
  webhook_limit_reached: [409, "Too many webhook endpoints."],
  // Only the callables' per-person quotas raise it; API keys have their own rate limit.
  quota_exceeded: [429, "Too many calls created."],
  rate_limited: [429, "Too many requests."],
  too_many_auth_failures: [429, "Too many invalid API keys."],
  internal: [500, "Something went wrong on our side."],
};

/** Reasons that mean the API key itself was refused (401, with a Bearer challenge). */
export const API_KEY_REASONS: readonly Reason[] = ["missing_api_key", "invalid_api_key", "revoked_api_key"];

export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Response headers a refusal implies: when to retry, which methods, which media type, how to authenticate. */
function headersOf(err: FirecallError): Record<string, string> {
  const headers: Record<string, string> = {};
  if (API_KEY_REASONS.includes(err.reason)) headers["WWW-Authenticate"] = 'Bearer realm="firecall"';
  if (err.reason === "unsupported_media_type") headers["Accept-Post"] = "application/json";
  const { retryAfterSeconds, allow } = err.details;
  if (typeof retryAfterSeconds === "number") headers["Retry-After"] = String(retryAfterSeconds);
  if (Array.isArray(allow)) headers.Allow = allow.join(", ");
  return headers;
}

/**
 * The problem for a refusal at `instance` (the request path). `type` is a stable URI per code; the
 * message is the `detail`, unless it only repeats the title, and never for our own failures.
 */
export function problemOf(err: FirecallError, instance: string): Problem {
  const [status, title, code = err.reason] = PROBLEMS[err.reason];
  const detail = status < 500 && err.message !== title ? err.message : undefined;
  return {
    status,
    headers: headersOf(err),
    body: {
      type: `https://firecall.dev/problems/${code.replace(/_/g, "-")}`,
      title,
      status,
      code,
      ...(detail ? { detail } : {}),
      instance,
    },
  };
}
