import { RATE_LIMITS } from "./api-key-store.js";
import { IDEMPOTENCY_KEYS } from "./call-store.js";
import type { RetentionStore } from "./retention-store.js";
import { WEBHOOK_DELIVERIES, WEBHOOK_PRESENCE } from "./webhook-store.js";

/** Every collection whose documents carry an `expiresAt` (and need a TTL policy on it in production). */
export const EXPIRING_COLLECTIONS = [IDEMPOTENCY_KEYS, WEBHOOK_DELIVERIES, WEBHOOK_PRESENCE, RATE_LIMITS] as const;

export interface PurgeReport {
  /** Documents deleted per collection (collections with none left out). */
  deleted: Record<string, number>;
  reads: number;
}

/**
 * Removes expired records (retention.ts): Firestore TTL policies do it in production, eventually
 * (typically within a day); the lifecycle sweep calls this every minute, which is what removes them
 * where TTL policies do not run (the emulator) and keeps them from lingering elsewhere. At most
 * `batch` documents per collection per run, so one run stays short however much has piled up.
 */
export class RetentionService {
  constructor(
    private readonly store: RetentionStore,
    private readonly batch: number,
  ) {}

  async purgeExpired(nowMs: number): Promise<PurgeReport> {
    const readsBefore = this.store.reads;
    const deleted: Record<string, number> = {};
    if (this.batch <= 0) return { deleted, reads: 0 };
    for (const collection of EXPIRING_COLLECTIONS) {
      const count = await this.store.deleteExpired(collection, nowMs, this.batch);
      if (count > 0) deleted[collection] = count;
    }
    return { deleted, reads: this.store.reads - readsBefore };
  }
}
