import { waitInWords, type QuotaDetails, type QuotaKind } from "@firecall/model";
import { CallServiceError } from "./call-service-error.js";

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
