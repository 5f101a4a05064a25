import { FirecallError, waitInWords, type QuotaDetails, type QuotaKind } from "@firecall/model";
import type { Bucket, UserQuotaStore } from "../store/user-quota-store.js";

export type { QuotaKind } from "@firecall/model";
export type { Bucket } from "../store/user-quota-store.js";

/** A token bucket: `burst` at once, refilled at `perHour`. */
export interface QuotaLimit {
  burst: number;
  perHour: number;
}

export type Taken = { ok: true; bucket: Bucket; fullAtMs: number } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one token from `bucket` (null: never used, so full) at `nowMs`. A refused take changes
 * nothing and says how long until a token is back. `fullAtMs` is when the bucket will be full again
 * (after that the stored bucket says nothing a missing one would not: a TTL may delete it).
 */
export function takeToken(bucket: Bucket | null, limit: QuotaLimit, nowMs: number): Taken {
  const perMs = limit.perHour / 3_600_000;
  const since = bucket ? Math.max(0, nowMs - bucket.atMs) : 0;
  const tokens = bucket ? Math.min(limit.burst, bucket.tokens + since * perMs) : limit.burst;
  if (tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  const left = tokens - 1;
  return {
    ok: true,
    bucket: { tokens: left, atMs: nowMs },
    fullAtMs: nowMs + Math.ceil((limit.burst - left) / perMs),
  };
}

/** Takes one creation from a person's quota. */
export interface QuotaTaker {
  take(uid: string, kind: QuotaKind, nowMs: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
}

/** Per-person creation quotas (calls, rooms): a token bucket each, checked and taken in one transaction. */
export class UserQuotas implements QuotaTaker {
  constructor(
    private readonly store: UserQuotaStore,
    private readonly limits: () => Record<QuotaKind, QuotaLimit>,
  ) {}

  /** Takes one creation of `kind` for `uid`; `{ retryAfterSeconds }` when over the limit (nothing written then). */
  take(uid: string, kind: QuotaKind, nowMs: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const limit = this.limits()[kind];
    return this.store.update<{ ok: true } | { ok: false; retryAfterSeconds: number }>(uid, kind, (bucket) => {
      const taken = takeToken(bucket, limit, nowMs);
      if (!taken.ok) return { result: taken, write: null };
      return { result: { ok: true }, write: { bucket: taken.bucket, fullAtMs: taken.fullAtMs } };
    });
  }
}

/**
 * The refusal of a person over their quota: `quota_exceeded` (the callables' `resource-exhausted`),
 * with the wait in the details (QuotaDetails) so the web app can say it in its own words.
 */
export function quotaError(kind: QuotaKind, retryAfterSeconds: number): FirecallError {
  const what = kind === "calls" ? "calls" : "new rooms";
  const details: QuotaDetails = { quota: kind, retryAfterSeconds };
  return new FirecallError(
    "quota_exceeded",
    `You have created many ${what} in a short time. Try again in ${waitInWords(retryAfterSeconds)}.`,
    { ...details },
  );
}
