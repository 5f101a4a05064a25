import { CallServiceError, type CallServiceReason } from "../service/call-service.js";
import { ApiProblem } from "./problem.js";

/** Which HTTP status each service failure gets (docs/api.md lists the same table). */
const STATUS: Record<CallServiceReason, [number, string]> = {
  invalid_request: [400, "The request is not valid."],
  invalid_call_id: [404, "No such call."],
  invalid_start_time: [400, "startsAt is not valid."],
  start_time_out_of_range: [422, "startsAt is out of range."],
  invalid_title: [400, "title is not valid."],
  invalid_empty_timeout: [400, "emptyTimeoutSeconds is not valid."],
  call_not_found: [404, "No such call."],
  not_host: [403, "Not allowed."],
  call_started: [409, "The call has started."],
  call_ended: [410, "The call is over."],
  idempotency_conflict: [409, "Idempotency-Key reused."],
  // Only the callables' per-person quotas raise it; API keys have their own rate limit.
  quota_exceeded: [429, "Too many calls created."],
};

/** Turns a CallServiceError into its problem; anything else is rethrown (a 500). */
export function toProblem(err: unknown): never {
  if (err instanceof CallServiceError && err.code !== "internal") {
    const [status, title] = STATUS[err.reason];
    // An id that cannot exist is simply not found, as for another app's call.
    const code = err.reason === "invalid_call_id" ? "call_not_found" : err.reason;
    throw new ApiProblem(status, code, title, err.message);
  }
  throw err;
}
