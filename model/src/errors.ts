/**
 * One vocabulary for every refusal, whichever way the request came: a reason code. The functions
 * throw FirecallError; one table turns a reason into the callable's HttpsError code (the reason
 * travels in the error's `details`, functions/src/callable/https-errors.ts) and one into a REST
 * problem+json (the reason is its `code`, functions/src/api/problems.ts). The web app reads the
 * reason with reasonOf and says it in its own words; the message is for logs and integrators.
 */
export const REASONS = [
  // What was sent.
  "invalid_request",
  "invalid_json",
  "payload_too_large",
  "unsupported_media_type",
  "invalid_call_id",
  "invalid_start_time",
  "start_time_out_of_range",
  "invalid_title",
  "invalid_empty_timeout",
  "invalid_room_name",
  "invalid_metadata",
  "invalid_query",
  "invalid_cursor",
  "invalid_idempotency_key",
  "invalid_webhook_url",
  "invalid_app_name",
  // Who is asking.
  "sign_in_required",
  "app_not_verified",
  "missing_api_key",
  "invalid_api_key",
  "revoked_api_key",
  "insufficient_scope",
  "not_host",
  "not_participant",
  // What there is, and what state it is in.
  "not_found",
  "method_not_allowed",
  "call_not_found",
  "webhook_not_found",
  "call_not_started",
  "call_started",
  "call_ended",
  "idempotency_conflict",
  "webhook_limit_reached",
  // Limits.
  "quota_exceeded",
  "rate_limited",
  "too_many_auth_failures",
  // Our fault.
  "internal",
] as const;

export type Reason = (typeof REASONS)[number];

/**
 * A refusal with its reason. `message` says exactly what was wrong, in a sentence for a developer;
 * `details` carries what a client can act on (a quota's retryAfterSeconds) and travels with it.
 */
export class FirecallError extends Error {
  constructor(
    readonly reason: Reason,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "FirecallError";
  }
}

export function isReason(value: unknown): value is Reason {
  return typeof value === "string" && (REASONS as readonly string[]).includes(value);
}

/** The reason a callable's refusal carries in its details (a FunctionsError in the web app), or null. */
export function reasonOf(err: unknown): Reason | null {
  const details = typeof err === "object" && err !== null ? (err as { details?: unknown }).details : undefined;
  const reason = typeof details === "object" && details !== null ? (details as { reason?: unknown }).reason : null;
  return isReason(reason) ? reason : null;
}
