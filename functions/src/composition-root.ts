/**
 * The composition root: the one place that builds the services with their stores, settings and
 * Firestore client, each once per functions instance. Entry points (callables, the REST API,
 * triggers, the sweep) ask here for what they run on; nothing else constructs a store. Settings
 * are read from params at run time (not at deploy time).
 */
import type { ApiDeps } from "./api/context.js";
import {
  API_AUTH_FAILURES_PER_MINUTE,
  API_RATE_LIMIT_PER_MINUTE,
  APP_BASE_URL,
  callEmptyTimeoutSeconds,
  callUnusedTimeoutSeconds,
  RETENTION_SWEEP_BATCH,
  STUN_URLS,
  TURN_CREDENTIAL_TTL_SECONDS,
  TURN_SECRET,
  TURN_URLS,
  USER_CREATE_BURST,
  USER_CREATE_PER_HOUR,
} from "./params.js";
import { ApiKeyService } from "./service/api-key-service.js";
import { AuthFailureThrottle } from "./service/auth-failure-throttle.js";
import { CallService, type CallServiceSettings } from "./service/call-service.js";
import { IceService } from "./service/ice-service.js";
import { LifecycleService } from "./service/lifecycle-service.js";
import { PresenceService } from "./service/presence-service.js";
import { RetentionService } from "./service/retention-service.js";
import { RoomService } from "./service/room-service.js";
import { parseUrlList } from "./service/turn-credentials.js";
import { UserQuotas } from "./service/user-quota.js";
import { DEFAULT_WEBHOOK_SETTINGS, WebhookService } from "./service/webhook-service.js";
import { ApiKeyStore } from "./store/api-key-store.js";
import { CallStore } from "./store/call-store.js";
import { db } from "./store/firestore.js";
import { RetentionStore } from "./store/retention-store.js";
import { UserQuotaStore } from "./store/user-quota-store.js";
import { WebhookStore } from "./store/webhook-store.js";

/** Builds `make()` on first use and returns the same instance after. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function settings(): CallServiceSettings {
  return {
    defaultEmptyTimeoutSeconds: callEmptyTimeoutSeconds.value(),
    unusedTimeoutSeconds: callUnusedTimeoutSeconds.value(),
  };
}

/** Each service gets its own store, so its read counter (CallStore.reads) counts only its own reads. */
const callStore = () => new CallStore(db());

/** Per-person creation quotas (the same limit for calls and for new rooms). */
const userQuotas = once(
  () =>
    new UserQuotas(new UserQuotaStore(db()), () => {
      const limit = { burst: USER_CREATE_BURST.value(), perHour: USER_CREATE_PER_HOUR.value() };
      return { calls: limit, rooms: limit };
    }),
);

/** Creating, scheduling, moving and ending calls: the callables and the REST API. */
export const callService = once(() => new CallService(callStore(), settings(), userQuotas()));

/** Named rooms. */
export const roomService = once(() => new RoomService(callStore(), settings(), userQuotas()));

/** Activation, presence and expiry of calls. */
export const lifecycleService = once(() => new LifecycleService(callStore(), settings()));

/** Deletes expired server-side records (retention.ts), a bounded batch per sweep. */
export const retentionService = once(
  () => new RetentionService(new RetentionStore(db()), RETENTION_SWEEP_BATCH.value()),
);

/** Relay servers for a call's participants. */
export const iceService = once(
  () =>
    new IceService(callStore(), () => ({
      stunUrls: parseUrlList(STUN_URLS.value()),
      turnUrls: parseUrlList(TURN_URLS.value()),
      // Emulated without functions/.secret.local the secret is unset: then we hand out STUN only.
      turnSecret: process.env.TURN_SECRET ? TURN_SECRET.value() : "",
      ttlSeconds: TURN_CREDENTIAL_TTL_SECONDS.value(),
    })),
);

/** Webhook registration and delivery; loopback receivers (the tests') only in the emulator. */
export const webhookService = once(
  () =>
    new WebhookService(new WebhookStore(db()), {
      ...DEFAULT_WEBHOOK_SETTINGS,
      allowLoopback: process.env.FUNCTIONS_EMULATOR === "true",
    }),
);

/** What a participant's presence changes set off: the call's lifecycle, then the app's webhooks. */
export const presenceService = once(() => new PresenceService(lifecycleService(), webhookService()));

/** What the REST API runs on. */
export const apiDeps = once((): ApiDeps => {
  const keyStore = new ApiKeyStore(db());
  return {
    calls: callService(),
    keys: new ApiKeyService(keyStore),
    authFailures: new AuthFailureThrottle(keyStore, {
      failuresPerWindow: API_AUTH_FAILURES_PER_MINUTE.value(),
      windowMs: 60_000,
    }),
    webhooks: webhookService(),
    links: { baseUrl: APP_BASE_URL.value().replace(/\/+$/, "") },
    rateLimitPerMinute: API_RATE_LIMIT_PER_MINUTE.value(),
    now: Date.now,
  };
});
