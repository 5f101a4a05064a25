import { Timestamp, type Firestore } from "firebase-admin/firestore";

/**
 * webhooks/{webhookId}            an app's endpoint: url, signing secret, events (server-only)
 * webhookDeliveries/{deliveryId}  one event for one endpoint, until delivered or given up
 */
export const WEBHOOKS = "webhooks";
export const WEBHOOK_DELIVERIES = "webhookDeliveries";

export interface StoredWebhook {
  id: string;
  appId: string;
  url: string;
  secret: string;
  /** Event types it wants; empty means all. */
  events: string[];
  createdAtMs: number;
}

export type DeliveryState = "pending" | "delivered" | "failed" | "dropped";

export interface Delivery {
  id: string;
  eventId: string;
  type: string;
  appId: string;
  webhookId: string;
  /** The JSON body, exactly as it is signed and sent on every attempt. */
  body: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string | null;
  deliveredAtMs: number | null;
}

const ms = (t: unknown): number => (t instanceof Timestamp ? t.toMillis() : 0);

function toDelivery(id: string, d: Record<string, unknown>): Delivery {
  return {
    id,
    eventId: String(d.eventId),
    type: String(d.type),
    appId: String(d.appId),
    webhookId: String(d.webhookId),
    body: String(d.body),
    state: d.state as DeliveryState,
    attempts: Number(d.attempts),
    nextAttemptAtMs: ms(d.nextAttemptAt),
    lastError: typeof d.lastError === "string" ? d.lastError : null,
    deliveredAtMs: d.deliveredAt ? ms(d.deliveredAt) : null,
  };
}

function toWebhook(id: string, d: Record<string, unknown>): StoredWebhook {
  return {
    id,
    appId: String(d.appId),
    url: String(d.url),
    secret: String(d.secret),
    events: Array.isArray(d.events) ? (d.events as string[]) : [],
    createdAtMs: ms(d.createdAt),
  };
}

/** Firestore access for webhooks and their deliveries. */
export class WebhookStore {
  constructor(private readonly firestore: Firestore) {}

  async add(hook: StoredWebhook): Promise<void> {
    const { id, createdAtMs, ...rest } = hook;
    await this.firestore
      .collection(WEBHOOKS)
      .doc(id)
      .create({ ...rest, createdAt: Timestamp.fromMillis(createdAtMs) });
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
    const { id, nextAttemptAtMs, deliveredAtMs: _d, ...rest } = delivery;
    try {
      await this.firestore
        .collection(WEBHOOK_DELIVERIES)
        .doc(id)
        .create({
          ...rest,
          nextAttemptAt: Timestamp.fromMillis(nextAttemptAtMs),
          deliveredAt: null,
          createdAt: Timestamp.now(),
        });
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
