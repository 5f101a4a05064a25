import { Timestamp } from "firebase-admin/firestore";

/**
 * webhooks/{webhookId}            an app's endpoint: url, signing secret, events (server-only)
 * webhookDeliveries/{deliveryId}  one event for one endpoint, until delivered or given up, then
 *                                 kept until `expiresAt` (RETENTION_MS)
 * webhookPresence/{id}            see webhook-presence-store.ts
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
  /** When the record may be deleted (Firestore TTL policy on `expiresAt`, and the sweep). */
  expiresAtMs: number;
}

/** The stored form of a delivery (also written by the presence transaction). */
export function deliveryDocument(delivery: Delivery): Record<string, unknown> {
  const { id: _id, nextAttemptAtMs, deliveredAtMs: _d, expiresAtMs, ...rest } = delivery;
  return {
    ...rest,
    nextAttemptAt: Timestamp.fromMillis(nextAttemptAtMs),
    deliveredAt: null,
    createdAt: Timestamp.now(),
    expiresAt: Timestamp.fromMillis(expiresAtMs),
  };
}

const ms = (t: unknown): number => (t instanceof Timestamp ? t.toMillis() : 0);

export function toDelivery(id: string, d: Record<string, unknown>): Delivery {
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
    expiresAtMs: ms(d.expiresAt),
  };
}

export function toWebhook(id: string, d: Record<string, unknown>): StoredWebhook {
  return {
    id,
    appId: String(d.appId),
    url: String(d.url),
    secret: String(d.secret),
    events: Array.isArray(d.events) ? (d.events as string[]) : [],
    createdAtMs: ms(d.createdAt),
  };
}
