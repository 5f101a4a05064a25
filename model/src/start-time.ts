/**
 * Reading and checking a call's start time. Shared by the functions (which decide) and the web app
 * (which checks the form before sending), so both say the same thing about the same input.
 */

/** A start this far in the past still counts as "now": the request may have taken a while. */
export const START_TOLERANCE_MS = 2 * 60_000;
/** Nobody schedules a call further ahead than this. */
export const MAX_SCHEDULE_AHEAD_MS = 365 * 24 * 60 * 60_000;

/** What is wrong with a start time: not an RFC 3339 date-time with an offset, too early, or too late. */
export type StartTimeProblem = "malformed" | "in_past" | "too_far_ahead";

export type StartTimeResult = { ok: true; ms: number } | { ok: false; problem: StartTimeProblem; message: string };

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const FORMAT_HINT = "such as 2026-12-01T15:00:00Z or 2026-12-01T16:00:00+01:00";

/**
 * Milliseconds since the epoch for an RFC 3339 date-time with an explicit offset, or null when the
 * text is not one (wrong shape, no offset, or an impossible date such as February 30).
 */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(local);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  let offsetMinutes = 0;
  if (!m[8]) {
    const offsetHours = Number(m[10]);
    const offsetMins = Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  return local + Math.floor(fraction) - offsetMinutes * 60_000;
}

/** Checks a requested start time against the server's clock. */
export function checkStartTime(raw: unknown, nowMs: number): StartTimeResult {
  if (typeof raw !== "string") {
    return { ok: false, problem: "malformed", message: `startsAt must be a date-time string, ${FORMAT_HINT}.` };
  }
  const ms = parseRfc3339(raw.trim());
  if (ms === null) {
    return {
      ok: false,
      problem: "malformed",
      message: `startsAt must be an RFC 3339 date-time with a time zone offset, ${FORMAT_HINT}; got "${raw.slice(0, 40)}".`,
    };
  }
  if (ms < nowMs - START_TOLERANCE_MS) {
    return {
      ok: false,
      problem: "in_past",
      message: `startsAt is in the past: ${new Date(ms).toISOString()} is before now.`,
    };
  }
  if (ms > nowMs + MAX_SCHEDULE_AHEAD_MS) {
    return { ok: false, problem: "too_far_ahead", message: "startsAt must be at most 365 days from now." };
  }
  return { ok: true, ms };
}
