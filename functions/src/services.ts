import { db } from "./admin.js";
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
import { CallService, type CallServiceSettings } from "./service/call-service.js";
import { CallStore } from "./service/call-store.js";
import { IceService } from "./service/ice-service.js";
import { LifecycleService } from "./service/lifecycle-service.js";
import { RoomService } from "./service/room-service.js";
import { UserQuotas } from "./service/user-quota.js";
import { RetentionService } from "./service/retention-service.js";
import { RetentionStore } from "./service/retention-store.js";
import { parseUrlList } from "./service/turn-credentials.js";
import { ApiKeyService } from "./service/api-key-service.js";
import { ApiKeyStore } from "./service/api-key-store.js";
import { AuthFailureThrottle } from "./service/auth-failure-throttle.js";
import { DEFAULT_WEBHOOK_SETTINGS, WebhookService } from "./service/webhook-service.js";
import { WebhookStore } from "./service/webhook-store.js";

let call: CallService | undefined;
let rooms: RoomService | undefined;
let lifecycle: LifecycleService | undefined;
let quotas: UserQuotas | undefined;

/** The deployment's settings, read from params at run time (not at deploy time). */
function settings(): CallServiceSettings {
  return {
    defaultEmptyTimeoutSeconds: callEmptyTimeoutSeconds.value(),
    unusedTimeoutSeconds: callUnusedTimeoutSeconds.value(),
  };
}

/** Per-person creation quotas, read from params at run time. */
function userQuotas(): UserQuotas {
  quotas ??= new UserQuotas(db(), () => {
    const limit = { burst: USER_CREATE_BURST.value(), perHour: USER_CREATE_PER_HOUR.value() };
    return { calls: limit, rooms: limit };
  });
  return quotas;
}

/** The call service wired to this instance's Firestore, built once per instance. */
export function callService(): CallService {
  call ??= new CallService(new CallStore(db()), settings(), userQuotas());
  return call;
}

/** Named rooms, built once per instance. */
export function roomService(): RoomService {
  rooms ??= new RoomService(new CallStore(db()), settings(), userQuotas());
  return rooms;
}

/** The lifecycle service (activation, presence, expiry), built once per instance. */
export function lifecycleService(): LifecycleService {
  lifecycle ??= new LifecycleService(new CallStore(db()), settings());
  return lifecycle;
}

let retention: RetentionService | undefined;

/** Deletes expired server-side records (retention.ts), a bounded batch per sweep. */
export function retentionService(): RetentionService {
  retention ??= new RetentionService(new RetentionStore(db()), RETENTION_SWEEP_BATCH.value());
  return retention;
}

let ice: IceService | undefined;

/** The ICE service wired to this instance's Firestore and parameters. */
export function iceService(): IceService {
  ice ??= new IceService(new CallStore(db()), () => ({
    stunUrls: parseUrlList(STUN_URLS.value()),
    turnUrls: parseUrlList(TURN_URLS.value()),
    // Emulated without functions/.secret.local the secret is unset: then we hand out STUN only.
    turnSecret: process.env.TURN_SECRET ? TURN_SECRET.value() : "",
    ttlSeconds: TURN_CREDENTIAL_TTL_SECONDS.value(),
  }));
  return ice;
}

let webhooks: WebhookService | undefined;

/** Webhook registration and delivery; loopback receivers (the tests') only in the emulator. */
export function webhookService(): WebhookService {
  webhooks ??= new WebhookService(new WebhookStore(db()), {
    ...DEFAULT_WEBHOOK_SETTINGS,
    allowLoopback: process.env.FUNCTIONS_EMULATOR === "true",
  });
  return webhooks;
}

let api: ApiDeps | undefined;

/** What the REST API runs on. */
export function apiDeps(): ApiDeps {
  if (api) return api;
  const keyStore = new ApiKeyStore(db());
  api = {
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
  return api;
}
