/**
 * How long each kind of server-side record is kept. Every such record carries an `expiresAt`
 * timestamp: Firestore TTL policies delete them in production (README, "Deploying"), and the
 * lifecycle sweep deletes them too, a bounded batch a minute (RetentionService), which is what
 * removes them where TTL policies do not run (the emulator).
 */
const DAY_MS = 24 * 3600_000;

export const RETENTION_MS = {
  /** An Idempotency-Key replays its call for this long after first use. */
  idempotencyKey: 7 * DAY_MS,
  /** A webhook delivery (delivered, failed or still retrying: retries end after about 4.3 hours). */
  webhookDelivery: 7 * DAY_MS,
  /** What the webhooks were told about a participant, from their last presence change. */
  webhookPresence: 7 * DAY_MS,
} as const;
