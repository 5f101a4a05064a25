import { createHash } from "node:crypto";
import type { CallRecord } from "./call-store.js";
import { RETENTION_MS } from "./retention.js";
import type { Delivery, StoredWebhook } from "./webhook-store.js";

export const WEBHOOK_EVENTS = [
  "call.created",
  "call.opened",
  "participant.joined",
  "participant.left",
  "call.ended",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

const hash = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** An event's id depends only on what happened, so a trigger that runs twice enqueues it once. */
export const eventId = (...parts: string[]) => `evt_${hash(parts.join("\n")).slice(0, 32)}`;

/** The call as an event shows it. */
export function callSummary(id: string, call: CallRecord): Record<string, unknown> {
  return {
    id,
    status: call.status,
    title: call.title,
    startsAt: new Date(call.startsAtMs).toISOString(),
    endReason: call.endReason,
    metadata: call.app?.metadata ?? {},
  };
}

export interface NewEvent {
  appId: string;
  type: WebhookEventType;
  id: string;
  data: Record<string, unknown>;
  /** When it happened (the body's createdAt). */
  atMs: number;
  /** When the first attempt is due (later than atMs for a held-back participant.left). */
  dueAtMs: number;
  /** When the delivery record may be deleted. */
  expiresAtMs: number;
}

/** An event that happened at `atMs`, first due at `dueAtMs`, its deliveries kept as long as retention.ts says. */
export function newEvent(
  appId: string,
  type: WebhookEventType,
  id: string,
  data: Record<string, unknown>,
  atMs: number,
  dueAtMs: number,
): NewEvent {
  return { appId, type, id, data, atMs, dueAtMs, expiresAtMs: atMs + RETENTION_MS.webhookDelivery };
}

/** One delivery of the event per endpoint that wants it (an endpoint without a list wants all). */
export function deliveriesOf(event: NewEvent, hooks: StoredWebhook[]): Delivery[] {
  const wanted = hooks.filter((h) => h.events.length === 0 || h.events.includes(event.type));
  const body = JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: new Date(event.atMs).toISOString(),
    data: event.data,
  });
  return wanted.map((hook) => ({
    id: `${event.id}_${hook.id}`,
    eventId: event.id,
    type: event.type,
    appId: event.appId,
    webhookId: hook.id,
    body,
    state: "pending",
    attempts: 0,
    nextAttemptAtMs: event.dueAtMs,
    lastError: null,
    deliveredAtMs: null,
    expiresAtMs: event.expiresAtMs,
  }));
}
