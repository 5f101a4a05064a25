import type { AppFields, CallRecord, NewCall, Seats } from "./call-documents.js";
import { expiresAtMs, type LifecycleSettings } from "./lifecycle.js";

/**
 * A new call's documents as a decision: open now or scheduled, nobody in it yet as far as expiry
 * goes. Rooms (room-service.ts) are made the same way.
 */
export function newCall(
  id: string,
  kind: NewCall["kind"],
  createdBy: string,
  seats: Seats,
  request: { startsMs: number; title?: string | null; emptyTimeout: number },
  nowMs: number,
  settings: LifecycleSettings,
  app: AppFields | null = null,
): NewCall {
  const opensNow = request.startsMs <= nowMs;
  const timing: Pick<CallRecord, "status" | "startsAtMs" | "emptyTimeoutSeconds"> = {
    status: opensNow ? "open" : "scheduled",
    startsAtMs: request.startsMs,
    emptyTimeoutSeconds: request.emptyTimeout,
  };
  return {
    id,
    kind,
    createdBy,
    seats,
    title: request.title ?? null,
    ...timing,
    openedAtMs: opensNow ? nowMs : null,
    // Nobody is in it yet: it lives until the unused timeout unless someone comes.
    expiresAtMs: expiresAtMs(timing, [], nowMs, settings),
    app,
  };
}
