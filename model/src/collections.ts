/**
 * Every Firestore collection, by name: the functions' stores and triggers, the web app and the
 * tests use these; firestore.rules names the same paths by hand.
 */

/** calls/{callId}: a call's gate (see call-model.ts); below it private/details and signals/{uid}. */
export const CALLS = "calls";
/** callRecords/{callId}: a call's whole record (server only). */
export const CALL_RECORDS = "callRecords";
/** calls/{callId}/private/details */
export const CALL_PRIVATE = "private";
export const CALL_DETAILS_ID = "details";
export const SIGNALS = "signals";

// Server-only collections: firestore.rules denies every client.

/** userQuotas/{uid}: per-person creation quotas. */
export const USER_QUOTAS = "userQuotas";
/** apiKeys/{keyId}: one integrating app's key; only its SHA-256 hash is stored. */
export const API_KEYS = "apiKeys";
/**
 * rateLimits/{id}: one minute's count (fixed window) of a key's requests, or of the failed API keys
 * from one client address (`subject` says which); deletable after `expiresAt`.
 */
export const RATE_LIMITS = "rateLimits";
/** idempotencyKeys/{hash of app and key}: which call an Idempotency-Key created; deletable after `expiresAt`. */
export const IDEMPOTENCY_KEYS = "idempotencyKeys";
/** webhooks/{webhookId}: an app's endpoint: url, signing secret, events. */
export const WEBHOOKS = "webhooks";
/**
 * webhookDeliveries/{deliveryId}: one event for one endpoint, until delivered or given up, then kept
 * until `expiresAt`.
 */
export const WEBHOOK_DELIVERIES = "webhookDeliveries";
/** webhookPresence/{callId}_{uid}: what an app's webhooks were told about one participant of one call. */
export const WEBHOOK_PRESENCE = "webhookPresence";
