export type CallServiceErrorCode =
  | "invalid-argument"
  | "not-found"
  | "permission-denied"
  | "failed-precondition"
  | "already-exists"
  | "resource-exhausted"
  | "internal";

/** What exactly was wrong, for transports that tell more than `code` (the REST API's problem codes). */
export type CallServiceReason =
  | "invalid_request"
  | "invalid_call_id"
  | "invalid_start_time"
  | "start_time_out_of_range"
  | "invalid_title"
  | "invalid_empty_timeout"
  | "call_not_found"
  | "not_host"
  | "call_started"
  | "call_ended"
  | "idempotency_conflict"
  | "quota_exceeded";

/** A failure the caller caused; entry points map `code` (or `reason`) to their transport's error. */
export class CallServiceError extends Error {
  constructor(
    readonly code: CallServiceErrorCode,
    message: string,
    readonly reason: CallServiceReason = "invalid_request",
    /** Structured hints for the client (a quota's retryAfterSeconds), sent with the error. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = () => new CallServiceError("not-found", "There is no call with this id.", "call_not_found");
