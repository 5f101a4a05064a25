import { Timestamp, type Firestore } from "firebase-admin/firestore";

/** Firestore's answer when a precondition (here: the document changed since we read it) fails. */
const FAILED_PRECONDITION = 9;

/**
 * Deletes records whose `expiresAt` has passed (single-field index on expiresAt, which Firestore
 * keeps by default). Counts what it reads, as the other stores do.
 */
export class RetentionStore {
  reads = 0;

  constructor(private readonly firestore: Firestore) {}

  /**
   * Deletes up to `limit` documents of `collection` that expired at `nowMs`; returns how many. A
   * document rewritten since the query (a later expiry) is left alone.
   */
  async deleteExpired(collection: string, nowMs: number, limit: number): Promise<number> {
    const snap = await this.firestore
      .collection(collection)
      .where("expiresAt", "<=", Timestamp.fromMillis(nowMs))
      .limit(limit)
      .select()
      .get();
    this.reads += Math.max(1, snap.size);
    const outcomes = await Promise.all(
      snap.docs.map((doc) =>
        doc.ref.delete({ lastUpdateTime: doc.updateTime }).then(
          () => 1,
          (err: unknown) => {
            if ((err as { code?: unknown }).code === FAILED_PRECONDITION) return 0;
            throw err;
          },
        ),
      ),
    );
    return outcomes.reduce((a, b) => a + b, 0);
  }
}
