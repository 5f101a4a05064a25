import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { updatePresence, type PresenceSnapshot, type PresenceWrite } from "./webhook-presence-store.js";
import {
  deliveryDocument,
  toDelivery,
  toWebhook,
  WEBHOOK_DELIVERIES,
  WEBHOOKS,
  type Delivery,
  type DeliveryState,
  type StoredWebhook,
} from "./webhook-records.js";

export { WEBHOOK_DELIVERIES, WEBHOOKS, type Delivery, type DeliveryState, type StoredWebhook };
export { WEBHOOK_PRESENCE } from "./webhook-presence-store.js";

/** Firestore access for webhooks and their deliveries. */
export class WebhookStore {
  constructor(private readonly firestore: Firestore) {}

  /**
   * Adds the endpoint unless its app already has `max` of them (counted in the same transaction, so
   * concurrent registrations cannot pass the cap together). Returns whether it was added.
   */
  async addCapped(hook: StoredWebhook, max: number): Promise<boolean> {
    const { id, createdAtMs, ...rest } = hook;
    const ofApp = this.firestore.collection(WEBHOOKS).where("appId", "==", hook.appId).limit(max).select();
    return this.firestore.runTransaction(async (tx) => {
      if ((await tx.get(ofApp)).size >= max) return false;
      tx.create(this.firestore.collection(WEBHOOKS).doc(id), { ...rest, createdAt: Timestamp.fromMillis(createdAtMs) });
      return true;
    });
  }

  async ofApp(appId: string): Promise<StoredWebhook[]> {
    const snap = await this.firestore.collection(WEBHOOKS).where("appId", "==", appId).get();
    return snap.docs.map((d) => toWebhook(d.id, d.data()));
  }

  async get(id: string): Promise<StoredWebhook | null> {
    const snap = await this.firestore.collection(WEBHOOKS).doc(id).get();
    return snap.exists ? toWebhook(id, snap.data()!) : null;
  }

  async remove(id: string): Promise<void> {
    await this.firestore.collection(WEBHOOKS).doc(id).delete();
  }

  /** Creates the delivery unless it exists (a trigger that ran twice enqueues once). */
  async enqueue(delivery: Delivery): Promise<boolean> {
    try {
      await this.firestore.collection(WEBHOOK_DELIVERIES).doc(delivery.id).create(deliveryDocument(delivery));
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 6) return false;
      throw err;
    }
  }

  /**
   * Takes the delivery for one attempt if it is due: counts the attempt and pushes its next time
   * out by `leaseMs` in one transaction, so a trigger and a sweep never send it at the same time.
   */
  async claim(id: string, nowMs: number, leaseMs: number): Promise<Delivery | null> {
    const ref = this.firestore.collection(WEBHOOK_DELIVERIES).doc(id);
    return this.firestore.runTransaction(async (tx) => {
      const snap = await tx.get(ref);
      if (!snap.exists) return null;
      const d = toDelivery(id, snap.data()!);
      if (d.state !== "pending" || d.nextAttemptAtMs > nowMs) return null;
      const claimed = { ...d, attempts: d.attempts + 1, nextAttemptAtMs: nowMs + leaseMs };
      tx.update(ref, { attempts: claimed.attempts, nextAttemptAt: Timestamp.fromMillis(claimed.nextAttemptAtMs) });
      return claimed;
    });
  }

  async settle(
    id: string,
    outcome: { state: DeliveryState; nextAttemptAtMs: number; lastError: string | null; deliveredAtMs: number | null },
  ): Promise<void> {
    await this.firestore
      .collection(WEBHOOK_DELIVERIES)
      .doc(id)
      .update({
        state: outcome.state,
        nextAttemptAt: Timestamp.fromMillis(outcome.nextAttemptAtMs),
        lastError: outcome.lastError,
        deliveredAt: outcome.deliveredAtMs === null ? null : Timestamp.fromMillis(outcome.deliveredAtMs),
      });
  }

  /** See updatePresence in webhook-presence-store.ts. */
  updatePresence(
    ids: { callId: string; uid: string; appId: string },
    decide: (snapshot: PresenceSnapshot) => PresenceWrite | null,
  ): Promise<PresenceWrite | null> {
    return updatePresence(this.firestore, ids, decide);
  }

  /** Pending deliveries whose next attempt is due (index: state, nextAttemptAt). */
  async due(nowMs: number, limit: number): Promise<string[]> {
    const snap = await this.firestore
      .collection(WEBHOOK_DELIVERIES)
      .where("state", "==", "pending")
      .where("nextAttemptAt", "<=", Timestamp.fromMillis(nowMs))
      .limit(limit)
      .select()
      .get();
    return snap.docs.map((d) => d.id);
  }
}
