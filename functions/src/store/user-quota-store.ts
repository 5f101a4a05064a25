import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { USER_QUOTAS, type QuotaKind } from "@firecall/model";

/** A token bucket as stored: tokens left at `atMs`. */
export interface Bucket {
  tokens: number;
  atMs: number;
}

/** What a decision about one bucket wants: to write it back (and until when to keep it), or nothing. */
export type BucketChange<T> = { result: T; write: { bucket: Bucket; fullAtMs: number } | null };

/**
 * Per-person creation quotas, one server-only document per person (userQuotas/{uid}, rules deny
 * every client): `{ calls?: Bucket, rooms?: Bucket, expiresAt }`. `expiresAt` is when every bucket
 * is full again; a Firestore TTL policy on it removes documents of people who stopped creating.
 */
export class UserQuotaStore {
  constructor(private readonly firestore: Firestore) {}

  /** Reads `uid`'s bucket of `kind` in a transaction, lets `decide` look at it, writes what it returns. */
  update<T>(uid: string, kind: QuotaKind, decide: (bucket: Bucket | null) => BucketChange<T>): Promise<T> {
    const ref = this.firestore.collection(USER_QUOTAS).doc(uid);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const { result, write } = decide((snap.get(kind) as Bucket | undefined) ?? null);
      if (!write) return result;
      const expiresAt = snap.get("expiresAt") as Timestamp | undefined;
      const fullAtMs = Math.max(write.fullAtMs, expiresAt?.toMillis() ?? 0);
      tx.set(
        ref,
        { [kind]: write.bucket, expiresAt: Timestamp.fromMillis(fullAtMs), updatedAt: FieldValue.serverTimestamp() },
        { merge: true },
      );
      return result;
    });
  }
}
