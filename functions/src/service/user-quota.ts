import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { USER_QUOTAS } from "../shared/call-model.js";
import type { QuotaKind } from "../shared/quota.js";

export type { QuotaKind } from "../shared/quota.js";

/** A token bucket: `burst` at once, refilled at `perHour`. */
export interface QuotaLimit {
  burst: number;
  perHour: number;
}

export interface Bucket {
  tokens: number;
  atMs: number;
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

/**
 * Per-user creation quotas, one server-only document per person (userQuotas/{uid}, rules deny
 * every client): `{ calls?: Bucket, rooms?: Bucket, expiresAt }`. `expiresAt` is when every bucket
 * is full again; a Firestore TTL policy on it removes documents of people who stopped creating.
 */
export class UserQuotas {
  constructor(
    private readonly firestore: Firestore,
    private readonly limits: () => Record<QuotaKind, QuotaLimit>,
  ) {}

  /** Takes one creation of `kind` for `uid`; `{ retryAfterSeconds }` when over the limit (nothing written then). */
  async take(
    uid: string,
    kind: QuotaKind,
    nowMs: number,
  ): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    const ref = this.firestore.collection(USER_QUOTAS).doc(uid);
    const limit = this.limits()[kind];
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const stored = snap.get(kind) as Bucket | undefined;
      const taken = takeToken(stored ?? null, limit, nowMs);
      if (!taken.ok) return taken;
      const expiresAt = snap.get("expiresAt") as Timestamp | undefined;
      const fullAtMs = Math.max(taken.fullAtMs, expiresAt?.toMillis() ?? 0);
      tx.set(
        ref,
        { [kind]: taken.bucket, expiresAt: Timestamp.fromMillis(fullAtMs), updatedAt: FieldValue.serverTimestamp() },
        { merge: true },
      );
      return { ok: true };
    });
  }
}
