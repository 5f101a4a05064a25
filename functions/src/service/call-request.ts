import {
  checkStartTime,
  EMPTY_TIMEOUT_BOUNDS,
  FirecallError,
  labelProblem,
  LIMITS,
  parseCallId,
} from "@firecall/model";
import { rejectUnknownFields } from "./request-fields.js";

/** A checked request to create or move a call. */
export interface CheckedRequest {
  startsMs: number;
  title: string | null;
  emptyTimeout: number;
}

const REQUEST_FIELDS = ["startsAt", "title", "emptyTimeoutSeconds"] as const;

/** The call id in `raw`, or an invalid_call_id refusal saying what one looks like. */
export function callIdOf(raw: unknown): string {
  const parsed = typeof raw === "string" ? parseCallId(raw) : null;
  if (!parsed?.ok) throw new FirecallError("invalid_call_id", "callId must be a call id such as abcd-efgh-ijkm-nopq.");
  return parsed.id;
}

/**
 * Checks every field of a CallRequest (scheduleCall, the REST API's create and PATCH) before
 * anything is written, and says exactly what is wrong.
 */
export function readCallRequest(raw: unknown, nowMs: number, defaultEmptyTimeout: number): CheckedRequest {
  const data = raw ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new FirecallError("invalid_request", "The request must be an object.");
  }
  const fields = data as Record<string, unknown>;
  rejectUnknownFields(fields, REQUEST_FIELDS);
  return {
    startsMs: readStart(fields.startsAt, nowMs),
    title: readTitle(fields.title),
    emptyTimeout: readEmptyTimeout(fields.emptyTimeoutSeconds, defaultEmptyTimeout),
  };
}

function readStart(value: unknown, nowMs: number): number {
  if (value === undefined || value === null) return nowMs;
  const start = checkStartTime(value, nowMs);
  if (start.ok) return start.ms;
  // A well-formed time that is too early or too late is a different problem from a malformed one.
  throw new FirecallError(
    start.problem === "malformed" ? "invalid_start_time" : "start_time_out_of_range",
    start.message,
  );
}

function readTitle(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new FirecallError("invalid_title", "title must be a string.");
  const title = value.trim() || null;
  if (title && title.length > LIMITS.titleMaxLength) {
    throw new FirecallError("invalid_title", `title must be at most ${LIMITS.titleMaxLength} characters.`);
  }
  const problem = title && labelProblem(title);
  if (problem) throw new FirecallError("invalid_title", `title ${problem}.`);
  return title;
}

function readEmptyTimeout(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const { minSeconds, maxSeconds } = EMPTY_TIMEOUT_BOUNDS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minSeconds || value > maxSeconds) {
    throw new FirecallError(
      "invalid_empty_timeout",
      `emptyTimeoutSeconds must be a whole number of seconds from ${minSeconds} to ${maxSeconds}.`,
    );
  }
  return value;
}
