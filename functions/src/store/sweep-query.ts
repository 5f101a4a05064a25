import type { Query, QueryDocumentSnapshot } from "firebase-admin/firestore";

/**
 * The documents a sweep's query finds, at most `limit`, without their fields (`select()`: the
 * index entries only). `reads` is what it bills: at least one, as Firestore bills an empty answer.
 */
export async function findDue(query: Query, limit: number): Promise<{ docs: QueryDocumentSnapshot[]; reads: number }> {
  const snap = await query.limit(limit).select().get();
  return { docs: snap.docs, reads: Math.max(1, snap.size) };
}
