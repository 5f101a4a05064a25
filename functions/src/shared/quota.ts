/**
 * The per-person creation quotas' vocabulary, shared by the functions (which refuse) and the web
 * app (which says so in its own words).
 */

/** What a person may create: calls (createCall, scheduleCall) and rooms (openRoom, first use or revival). */
export type QuotaKind = "calls" | "rooms";

/** The details of a `resource-exhausted` refusal for a quota. */
export interface QuotaDetails {
  quota: QuotaKind;
  /** Seconds until one more is allowed. */
  retryAfterSeconds: number;
}

/** "45 seconds", "about 3 minutes": how long until one more is allowed. */
export function waitInWords(seconds: number): string {
  const whole = Math.max(1, Math.ceil(seconds));
  if (whole < 60) return `${whole} second${whole === 1 ? "" : "s"}`;
  const minutes = Math.ceil(whole / 60);
  return `about ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
