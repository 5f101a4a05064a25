import { randomBytes } from "node:crypto";
import { isTerminal } from "../shared/call-model.js";
import { SIGNATURE_HEADER, webhookSignature } from "../shared/webhook-signature.js";
import type { CallRecord } from "./call-store.js";
import { pinnedPost, resolveWithin, systemResolver, type Resolver } from "./outbound/pinned-post.js";
import { checkDestination, pickAddress } from "./outbound/webhook-destination.js";
import {
  callSummary,
  deliveriesOf,
  eventId,
  newEvent,
  WEBHOOK_EVENTS,
  type WebhookEventType,
} from "./webhook-events.js";
import { presenceWrite } from "./webhook-presence.js";
import type { Delivery, StoredWebhook, WebhookStore } from "./webhook-store.js";

export { WEBHOOK_EVENTS, type WebhookEventType };

export class WebhookServiceError extends Error {
  constructor(
    readonly reason: "invalid_webhook_url" | "invalid_request" | "webhook_not_found" | "webhook_limit_reached",
    message: string,
  ) {
    super(message);
  }
}

export interface WebhookSettings {
  /** Only under the emulator: loopback receivers (the tests'), over http or https. */
  allowLoopback: boolean;
  maxAttempts: number;
  /** First retry after this long; each later one waits twice as long, up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
  /** participant.left waits this long: a return within it is a reload, not a new visit. */
  leftGraceMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowLoopback: false,
  maxAttempts: 10,
  baseBackoffMs: 30_000,
  maxBackoffMs: 6 * 3600_000,
  timeoutMs: 10_000,
  leftGraceMs: 60_000,
};

/** Endpoints per app: each event is at most this many deliveries (× maxAttempts attempts). */
export const MAX_WEBHOOKS_PER_APP = 5;

/** What a registered endpoint looks like through the API (the secret only at registration). */
export interface WebhookView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  secret?: string;
}

/** The delay before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoffMs(attempts: number, settings: WebhookSettings): number {
  return Math.min(settings.maxBackoffMs, settings.baseBackoffMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Webhooks: registration, and at-least-once delivery of call events. Events are derived from the
 * state changes the triggers see, with ids that depend only on the change (a trigger that runs
 * twice enqueues once); each endpoint gets its own delivery document, attempted at once (when due)
 * and retried with exponential backoff by retryDue (run by the lifecycle sweep every minute).
 * Requests go only to public addresses (outbound/), resolved once and pinned, never redirected.
 */
export class WebhookService {
  constructor(
    private readonly store: WebhookStore,
    private readonly settings: WebhookSettings = DEFAULT_WEBHOOK_SETTINGS,
    private readonly resolve: Resolver = systemResolver,
  ) {}

  async register(appId: string, rawUrl: unknown, rawEvents: unknown, nowMs: number): Promise<WebhookView> {
    let events: string[] = [];
    if (rawEvents !== undefined && rawEvents !== null) {
      if (!Array.isArray(rawEvents) || rawEvents.some((e) => !(WEBHOOK_EVENTS as readonly unknown[]).includes(e))) {
        throw new WebhookServiceError("invalid_request", `events is a list of ${WEBHOOK_EVENTS.join(", ")}.`);
      }
      events = [...new Set(rawEvents as string[])];
    }
    const url = await this.checkUrl(rawUrl);
    const hook: StoredWebhook = {
      id: `wh_${randomBytes(12).toString("hex")}`,
      appId,
      url,
      secret: `whsec_${randomBytes(32).toString("hex")}`,
      events,
      createdAtMs: nowMs,
    };
    if (!(await this.store.addCapped(hook, MAX_WEBHOOKS_PER_APP))) {
      throw new WebhookServiceError(
        "webhook_limit_reached",
        `An app has at most ${MAX_WEBHOOKS_PER_APP} webhook endpoints; delete one before adding another.`,
      );
    }
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
    if (events.length === 0) return;
    const hooks = await this.store.ofApp(call.app.appId);
    for (const [type, evtId, extra] of events) {
      const data = { call: callSummary(id, after ?? call), ...extra };
      for (const delivery of deliveriesOf(newEvent(call.app.appId, type, evtId, data, nowMs, nowMs), hooks)) {
        await this.store.enqueue(delivery);
      }
    }
  }

  /**
   * participant.joined and participant.left for `uid` in an app's call, decided from their signals
   * document as it is now (webhook-presence.ts): a reload within the grace period tells nothing.
   */
  async presenceChanged(id: string, call: CallRecord | null, uid: string, nowMs: number): Promise<void> {
    const app = call?.app;
    if (!call || !app) return;
    const participant = { uid, role: call.hostUid === uid ? "host" : "participant" };
    const data = { call: callSummary(id, call), participant };
    const appId = app.appId;
    await this.store.updatePresence({ callId: id, uid, appId }, (snap) => {
      if (snap.hooks.length === 0) return null; // nobody to tell: keep no state either
      return presenceWrite(snap, { appId, callId: id, uid, data }, nowMs, this.settings.leftGraceMs);
    });
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

  /** POSTs the signed delivery; null on a 2xx answer, otherwise what went wrong. */
  private async post(hook: StoredWebhook, delivery: Delivery, nowMs: number): Promise<string | null> {
    const outcome = await pinnedPost(hook.url, {
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Firecall-Webhooks/1",
        "Firecall-Event-Id": delivery.eventId,
        "Firecall-Event-Type": delivery.type,
        "Firecall-Delivery-Attempt": String(delivery.attempts),
        [SIGNATURE_HEADER]: webhookSignature(hook.secret, Math.floor(nowMs / 1000), delivery.body),
      },
      body: delivery.body,
      timeoutMs: this.settings.timeoutMs,
      allowLoopback: this.settings.allowLoopback,
      resolve: this.resolve,
    });
    if (!outcome.sent) return outcome.error;
    if (outcome.status >= 200 && outcome.status < 300) return null;
    return outcome.status >= 300 && outcome.status < 400
      ? `HTTP ${outcome.status} (redirects are not followed)`
      : `HTTP ${outcome.status}`;
  }

  /** The URL if it may be registered: public https (checked now, and again before each delivery). */
  private async checkUrl(raw: unknown): Promise<string> {
    if (typeof raw !== "string") throw new WebhookServiceError("invalid_request", "url must be a string.");
    const checked = checkDestination(raw, this.settings.allowLoopback);
    if (!checked.ok) throw new WebhookServiceError("invalid_webhook_url", checked.message);
    const { url, host, literal } = checked.destination;
    if (!literal) {
      // A name that does not resolve (yet) is accepted: every delivery resolves it again.
      const addresses = await resolveWithin(this.resolve, host, this.settings.timeoutMs).catch(() => []);
      const picked = addresses.length > 0 ? pickAddress(host, addresses, this.settings.allowLoopback) : null;
      if (picked && !picked.ok) throw new WebhookServiceError("invalid_webhook_url", picked.message);
    }
    return url.toString();
  }
}

function view(hook: StoredWebhook): WebhookView {
  return { id: hook.id, url: hook.url, events: hook.events, createdAt: new Date(hook.createdAtMs).toISOString() };
}
