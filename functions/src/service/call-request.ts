import { parseCallId } from "../shared/call-id.js";
import { EMPTY_TIMEOUT_BOUNDS, LIMITS } from "../shared/call-model.js";
import { checkStartTime, parseRfc3339 } from "../shared/start-time.js";
import { labelProblem } from "../shared/plain-text.js";
import { CallServiceError } from "./call-service-error.js";

/** A checked request to create or move a call. */
export interface CheckedRequest {
  startsMs: number;
  title: string | null;
  emptyTimeout: number;
}

const REQUEST_FIELDS = ["startsAt", "title", "emptyTimeoutSeconds"] as const;

/** The call id in `raw`, or an invalid-argument error saying what one looks like. */
export function callIdOf(raw: unknown): string {
  const parsed = typeof raw === "string" ? parseCallId(raw) : null;
  if (!parsed?.ok) {
    throw new CallServiceError(
      "invalid-argument",
      "callId must be a call id such as abcd-efgh-ijkm-nopq.",
      "invalid_call_id",
    );
  }
  return parsed.id;
}

/**
 * Checks every field of a CallRequest (scheduleCall, the REST API's create and PATCH) before
 * anything is written, and says exactly what is wrong.
 */
export function readCallRequest(raw: unknown, nowMs: number, defaultEmptyTimeout: number): CheckedRequest {
  const data = raw ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new CallServiceError("invalid-argument", "The request must be an object.");
  }
  const fields = data as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => !(REQUEST_FIELDS as readonly string[]).includes(k));
  if (unknown !== undefined) {
    throw new CallServiceError(
      "invalid-argument",
      `Unknown field "${unknown.slice(0, 40)}": the fields are ${REQUEST_FIELDS.join(", ")}.`,
    );
  }
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
  const wellFormed = typeof value === "string" && parseRfc3339(value.trim()) !== null;
  throw new CallServiceError(
    "invalid-argument",
    start.message,
    wellFormed ? "start_time_out_of_range" : "invalid_start_time",
  );
}

function readTitle(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string")
    throw new CallServiceError("invalid-argument", "title must be a string.", "invalid_title");
  const title = value.trim() || null;
  if (title && title.length > LIMITS.titleMaxLength) {
    throw new CallServiceError(
      "invalid-argument",
      `title must be at most ${LIMITS.titleMaxLength} characters.`,
      "invalid_title",
    );
  }
  const problem = title && labelProblem(title);
  if (problem) throw new CallServiceError("invalid-argument", `title ${problem}.`, "invalid_title");
  return title;
}

function readEmptyTimeout(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const { minSeconds, maxSeconds } = EMPTY_TIMEOUT_BOUNDS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < minSeconds || value > maxSeconds) {
    throw new CallServiceError(
      "invalid-argument",
      `emptyTimeoutSeconds must be a whole number of seconds from ${minSeconds} to ${maxSeconds}.`,
      "invalid_empty_timeout",
    );
  }
  return value;
}
