import { waitInWords, type QuotaDetails, type QuotaKind } from "../shared/quota.js";
import { CallServiceError } from "./call-service-error.js";

/** Takes one creation from a person's quota (user-quota.ts). */
export interface QuotaTaker {
  take(uid: string, kind: QuotaKind, nowMs: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}

/**
 * The refusal of a person over their quota: `resource-exhausted`, with the wait in the details
 * (QuotaDetails) so the web app can say it in its own words.
 */
export function quotaError(kind: QuotaKind, retryAfterSeconds: number): CallServiceError {
  const what = kind === "calls" ? "calls" : "new rooms";
  const details: QuotaDetails = { quota: kind, retryAfterSeconds };
  return new CallServiceError(
    "resource-exhausted",
    `You have created many ${what} in a short time. Try again in ${waitInWords(retryAfterSeconds)}.`,
    "quota_exceeded",
    { ...details },
  );
}
