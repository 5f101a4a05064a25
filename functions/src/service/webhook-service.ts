import { createHash, randomBytes } from "node:crypto";
import { isTerminal } from "../shared/call-model.js";
import { SIGNATURE_HEADER, webhookSignature } from "../shared/webhook-signature.js";
import type { CallRecord } from "./call-store.js";
import type { Delivery, StoredWebhook, WebhookStore } from "./webhook-store.js";

export const WEBHOOK_EVENTS = [
  "call.created",
  "call.opened",
  "participant.joined",
  "participant.left",
  "call.ended",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export class WebhookServiceError extends Error {
  constructor(
    readonly reason: "invalid_webhook_url" | "invalid_request" | "webhook_not_found",
    message: string,
  ) {
    super(message);
  }
}

export interface WebhookSettings {
  /** Only in the emulator: http://127.0.0.1 and http://localhost endpoints (tests' receivers). */
  allowLoopbackHttp: boolean;
  maxAttempts: number;
  /** First retry after this long; each later one waits twice as long, up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowLoopbackHttp: false,
  maxAttempts: 10,
  baseBackoffMs: 30_000,
  maxBackoffMs: 6 * 3600_000,
  timeoutMs: 10_000,
};

/** What a registered endpoint looks like through the API (the secret only at registration). */
export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  secret?: string;
}

const hash = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const eventId = (...parts: string[]) => `evt_${hash(parts.join("\n")).slice(0, 32)}`;

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(attempts: number, settings: WebhookSettings): number {
  return Math.min(settings.maxBackoffMs, settings.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
}

function callSummary(id: string, call: CallRecord): Record<string, unknown> {
  return {
    id,
    status: call.status,
    title: call.title,
    startsAt: new Date(call.startsAtMs).toISOString(),
    endReason: call.endReason,
    metadata: call.app?.metadata ?? {},
  };
}

/**
 * Webhooks: registration, and at-least-once delivery of call events. Events are derived from the
 * state changes the triggers see, with ids that depend only on the change (a trigger that runs
 * twice enqueues once); each endpoint gets its own delivery document, attempted at once and
 * retried with exponential backoff by retryDue (run by the lifecycle sweep every minute).
 */
export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly settings: WebhookSettings = DEFAULT_WEBHOOK_SETTINGS,
    private readonly send: typeof fetch = fetch,
  ) {}

  async register(appId: string, rawUrl: unknown, rawEvents: unknown, nowMs: number): Promise<WebhookView> {
    const url = this.checkUrl(rawUrl);
    let events: string[] = [];
    if (rawEvents !== undefined && rawEvents !== null) {
      if (!Array.isArray(rawEvents) || rawEvents.some((e) => !(WEBHOOK_EVENTS as readonly unknown[]).includes(e))) {
        throw new WebhookServiceError("invalid_request", `events is a list of ${WEBHOOK_EVENTS.join(", ")}.`);
      }
      events = [...new Set(rawEvents as string[])];
    }
    const hook: StoredWebhook = {
      id: `wh_${randomBytes(12).toString("hex")}`,
      appId,
      url,
      secret: `whsec_${randomBytes(32).toString("hex")}`,
      events,
      createdAtMs: nowMs,
    };
    await this.store.add(hook);
    return { ...view(hook), secret: hook.secret };
  }

  async list(appId: string): Promise<WebhookView[]> {
    return (await this.store.ofApp(appId)).map(view);
  }

  async remove(appId: string, id: string): Promise<void> {
    const hook = /^wh_[a-f0-9]{24}$/.test(id) ? await this.store.get(id) : null;
    if (!hook || hook.appId !== appId) throw new WebhookServiceError("webhook_not_found", "There is no such webhook.");
    await this.store.remove(id);
  }

  /** Events for a change of an app's call document (creation, opening, ending). */
  async callChanged(id: string, before: CallRecord | null, after: CallRecord | null, nowMs: number): Promise<void> {
    const call = after ?? before;
    if (!call?.app) return;
    const events: [WebhookEventType, string, Record<string, unknown>][] = [];
    if (!before && after) events.push(["call.created", eventId(id, "created"), {}]);
    if (after?.status === "open" && before?.status !== "open") {
      events.push(["call.opened", eventId(id, "opened", String(after.openedAtMs)), {}]);
    }
    if (after && isTerminal(after.status) && (!before || !isTerminal(before.status))) {
      events.push(["call.ended", eventId(id, "ended"), { reason: after.endReason }]);
    }
    for (const [type, evtId, extra] of events) {
      await this.enqueue(call.app.appId, type, evtId, { call: callSummary(id, after ?? call), ...extra }, nowMs);
    }
  }

  /** participant.joined (a new session, or back after leaving) and participant.left. */
  async presenceChanged(
    id: string,
    call: CallRecord | null,
    uid: string,
    session: string,
    change: "joined" | "left",
    nowMs: number,
  ): Promise<void> {
    if (!call?.app) return;
    const participant = { uid, role: call.hostUid === uid ? "host" : "participant" };
    await this.enqueue(
      call.app.appId,
      `participant.${change}`,
      eventId(id, change, uid, session),
      {
        call: callSummary(id, call),
        participant,
      },
      nowMs,
    );
  }

  /** Tries one delivery now if it is due; returns whether the endpoint accepted it. */
  async attempt(deliveryId: string, nowMs: number): Promise<boolean> {
    const delivery = await this.store.claim(deliveryId, nowMs, this.settings.timeoutMs * 3);
    if (!delivery) return false;
    const hook = await this.store.get(delivery.webhookId);
    if (!hook) {
      await this.store.settle(deliveryId, {
        state: "dropped",
        nextAttemptAtMs: nowMs,
        lastError: "webhook removed",
        deliveredAtMs: null,
      });
      return false;
    }
    const error = await this.post(hook, delivery, nowMs);
    if (error === null) {
      await this.store.settle(deliveryId, {
        state: "delivered",
        nextAttemptAtMs: nowMs,
        lastError: null,
        deliveredAtMs: nowMs,
      });
      return true;
    }
    const giveUp = delivery.attempts >= this.settings.maxAttempts;
    await this.store.settle(deliveryId, {
      state: giveUp ? "failed" : "pending",
      nextAttemptAtMs: nowMs + backoffMs(delivery.attempts, this.settings),
      lastError: error.slice(0, 500),
      deliveredAtMs: null,
    });
    return false;
  }

  /** Retries every delivery whose next attempt is due (the lifecycle sweep calls this each minute). */
  async retryDue(nowMs: number, limit = 100): Promise<{ attempted: number; delivered: number }> {
    let delivered = 0;
    const ids = await this.store.due(nowMs, limit);
    for (const id of ids) if (await this.attempt(id, nowMs)) delivered++;
    return { attempted: ids.length, delivered };
  }

  private async enqueue(
    appId: string,
    type: string,
    evtId: string,
    data: Record<string, unknown>,
    nowMs: number,
  ): Promise<void> {
    const hooks = (await this.store.ofApp(appId)).filter((h) => h.events.length === 0 || h.events.includes(type));
    if (hooks.length === 0) return;
    const body = JSON.stringify({ id: evtId, type, createdAt: new Date(nowMs).toISOString(), data });
    for (const hook of hooks) {
      const delivery: Delivery = {
        id: `${evtId}_${hook.id}`,
        eventId: evtId,
        type,
        appId,
        webhookId: hook.id,
        body,
        state: "pending",
        attempts: 0,
        nextAttemptAtMs: nowMs,
        lastError: null,
        deliveredAtMs: null,
      };
      await this.store.enqueue(delivery);
    }
  }

  /** POSTs the signed delivery; null on a 2xx answer, otherwise what went wrong. */
  private async post(hook: StoredWebhook, delivery: Delivery, nowMs: number): Promise<string | null> {
    try {
      const res = await this.send(hook.url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "Firecall-Webhooks/1",
          "Firecall-Event-Id": delivery.eventId,
          "Firecall-Event-Type": delivery.type,
          "Firecall-Delivery-Attempt": String(delivery.attempts),
          [SIGNATURE_HEADER]: webhookSignature(hook.secret, Math.floor(nowMs / 1000), delivery.body),
        },
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
      await res.body?.cancel();
      return res.ok ? null : `HTTP ${res.status}`;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  private checkUrl(raw: unknown): string {
    if (typeof raw !== "string" || raw.length > 2000)
      throw new WebhookServiceError("invalid_request", "url must be a string.");
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookServiceError("invalid_webhook_url", "url must be an absolute https URL.");
    }
    const loopback = url.protocol === "http:" && ["127.0.0.1", "localhost"].includes(url.hostname);
    if (url.protocol !== "https:" && !(loopback && this.settings.allowLoopbackHttp)) {
      throw new WebhookServiceError("invalid_webhook_url", "url must be an https URL.");
    }
    if (url.username || url.password)
      throw new WebhookServiceError("invalid_webhook_url", "url must not carry credentials.");
    return url.toString();
  }
}

function view(hook: StoredWebhook): WebhookView {
  return { id: hook.id, url: hook.url, events: hook.events, createdAt: new Date(hook.createdAtMs).toISOString() };
}
