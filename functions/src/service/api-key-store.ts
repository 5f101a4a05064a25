import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";

/**
 * apiKeys/{keyId}    one integrating app's key: only its SHA-256 hash is stored
 * rateLimits/{id}    one minute's count (fixed window) of a key's requests, or of the failed API
 *                    keys from one client address (`subject` says which); deletable after `expiresAt`
 * Both are server-only (firestore.rules denies every client).
 */
export const API_KEYS = "apiKeys";
export const RATE_LIMITS = "rateLimits";

export interface StoredApiKey {
  keyId: string;
  appId: string;
  /** The app's name as the admin typed it. */
  name: string;
  hash: string;
  readOnly: boolean;
  /** Requests per minute for this key; null means the deployment's default. */
  rateLimitPerMinute: number | null;
  createdAtMs: number | null;
  revokedAtMs: number | null;
}

const ms = (t: unknown): number | null => (t instanceof Timestamp ? t.toMillis() : null);

function toKey(keyId: string, d: Record<string, unknown>): StoredApiKey {
  return {
    keyId,
    appId: String(d.appId),
    name: String(d.name),
    hash: String(d.hash),
    readOnly: d.readOnly === true,
    rateLimitPerMinute: typeof d.rateLimitPerMinute === "number" ? d.rateLimitPerMinute : null,
    createdAtMs: ms(d.createdAt),
    revokedAtMs: ms(d.revokedAt),
  };
}

/** Firestore access for API keys and their rate-limit counters. */
export class ApiKeyStore {
  constructor(private readonly firestore: Firestore) {}

  async create(key: Omit<StoredApiKey, "createdAtMs" | "revokedAtMs">): Promise<void> {
    const { keyId, ...rest } = key;
    await this.firestore
      .collection(API_KEYS)
      .doc(keyId)
      .create({ ...rest, createdAt: FieldValue.serverTimestamp(), revokedAt: null });
  }

  async get(keyId: string): Promise<StoredApiKey | null> {
    const snap = await this.firestore.collection(API_KEYS).doc(keyId).get();
    return snap.exists ? toKey(keyId, snap.data()!) : null;
  }

  /** Marks the key revoked (keeps the record); false when there is no such key. */
  async revoke(keyId: string, nowMs: number): Promise<boolean> {
    const ref = this.firestore.collection(API_KEYS).doc(keyId);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return false;
      if (!snap.get("revokedAt")) tx.update(ref, { revokedAt: Timestamp.fromMillis(nowMs) });
      return true;
    });
  }

  async list(): Promise<StoredApiKey[]> {
    const snap = await this.firestore.collection(API_KEYS).get();
    return snap.docs.map((d) => toKey(d.id, d.data()));
  }

  /**
   * Counts one request of `subject` (a key id, or `auth-<hash>` for a client address's failed keys)
   * in its current window unless `limit` is reached (a transaction, so concurrent requests cannot
   * overshoot). Returns the count after this request, or null when refused.
   */
  async countRequest(subject: string, windowStartMs: number, windowMs: number, limit: number): Promise<number | null> {
    const ref = this.firestore.collection(RATE_LIMITS).doc(`${subject}-${windowStartMs}`);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      const count = snap.exists ? Number(snap.get("count")) : 0;
      if (count >= limit) return null;
      if (snap.exists) tx.update(ref, { count: count + 1 });
      else tx.create(ref, { subject, count: 1, expiresAt: Timestamp.fromMillis(windowStartMs + 2 * windowMs) });
      return count + 1;
    });
  }
}
