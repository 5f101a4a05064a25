import { logger } from "firebase-functions/v2";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { lifecycleService, retentionService, webhookService } from "../composition-root.js";

/**
 * Every minute: opens scheduled calls whose start has come, marks participants whose heartbeat
 * stopped as gone, expires calls that stayed empty for their grace period, retries webhook
 * deliveries that are due, and deletes expired records.
 * Locally, scripts/local-scheduler.mjs plays Cloud Scheduler and POSTs to it each minute.
 */
// 120 s: the lifecycle part stops starting rounds after 40 s (DEFAULT_SWEEP_LIMITS), then webhook
// retries and retention run; an overrun only means two sweeps overlap, which their transactions allow.
export const lifecycleSweep = onSchedule(
  { schedule: "every 1 minutes", timeZone: "Etc/UTC", timeoutSeconds: 120 },
  async () => {
    const report = await lifecycleService().sweep(Date.now());
    if (report.opened.length + report.markedGone.length + report.expired.length > 0) {
      logger.info("lifecycle sweep", report);
    }
    // Webhook deliveries whose retry is due (exponential backoff; see WebhookService).
    const retries = await webhookService().retryDue(Date.now());
    if (retries.attempted > 0) logger.info("webhook retries", retries);
    // Expired Idempotency-Key records, deliveries, presence and rate-limit counters (retention.ts).
    const purged = await retentionService().purgeExpired(Date.now());
    if (Object.keys(purged.deleted).length > 0) logger.info("expired records deleted", purged);
  },
);
