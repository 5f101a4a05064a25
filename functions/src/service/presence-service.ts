import { presenceMarkFromData, type PresenceMark } from "../store/call-documents.js";
import type { LifecycleService } from "./lifecycle-service.js";
import type { WebhookService } from "./webhook-service.js";

/**
 * Whether a write is someone arriving (a first join, or back after leaving) or leaving. A deleted
 * document is neither: it goes with the ended call, and call.ended says so.
 */
export function presenceTransition(before: PresenceMark | null, after: PresenceMark | null): "joined" | "left" | null {
  if (!after) return null;
  if (!after.left && (!before || before.left)) return "joined";
  if (after.left && before && !before.left) return "left";
  return null;
}

/** Whether a write changed presence or session: heartbeats and ICE updates do not, and cost nothing. */
export function touchesPresence(before: PresenceMark | null, after: PresenceMark | null): boolean {
  return !(before && after && before.left === after.left && before.session === after.session);
}

/**
 * What a participant's presence changes set off. Presence lives in their signals document today
 * (`left`, `updatedAt` as the heartbeat), whose trigger hands both versions of it here: the call's
 * lifecycle follows (a scheduled call opens, the expiry moves), then the app's webhooks are told.
 */
export class PresenceService {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly webhooks: WebhookService,
  ) {}

  /** `uid`'s signals document in call `callId` was written: `before` and `after` as stored (undefined: absent). */
  async signalsWritten(callId: string, uid: string, before: unknown, after: unknown, nowMs: number): Promise<void> {
    const was = presenceMarkFromData(before);
    const is = presenceMarkFromData(after);
    if (!touchesPresence(was, is)) return;
    const call = await this.lifecycle.afterPresenceChange(callId, nowMs);
    if (presenceTransition(was, is) && call?.app) await this.webhooks.presenceChanged(callId, call, uid, nowMs);
  }
}
