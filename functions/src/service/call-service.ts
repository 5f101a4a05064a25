import { createHash, randomBytes } from "node:crypto";
import { newCallId, normalizeRoomName, parseCallId, roomIdFromDigest } from "../shared/call-id.js";
import { EMPTY_TIMEOUT_BOUNDS, isTerminal, LIMITS, type CallStatus, type EndReason } from "../shared/call-model.js";
import { checkStartTime } from "../shared/start-time.js";
import type { CallChange, CallRecord, CallStore, NewCall } from "./call-store.js";
import { expiresAtMs, type LifecycleSettings } from "./lifecycle.js";

export type CallServiceErrorCode = "invalid-argument" | "not-found" | "permission-denied" | "internal";

/** A failure the caller caused; entry points map `code` to their transport's error. */
export class CallServiceError extends Error {
  constructor(
    readonly code: CallServiceErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface CallServiceSettings extends LifecycleSettings {
  /** The grace period of a call that does not choose its own. */
  defaultEmptyTimeoutSeconds: number;
}

export interface CreatedCall {
  id: string;
  status: CallStatus;
  startsAtMs: number;
}

export interface EndedCall {
  status: CallStatus;
  endReason: EndReason | null;
}

const MAX_ID_ATTEMPTS = 3;
const REQUEST_FIELDS = ["startsAt", "title", "emptyTimeoutSeconds"] as const;

/**
 * Creating, scheduling and ending calls. The callable functions (and the REST API) go through here
 * so every path behaves the same. `now` is injectable so tests can move time.
 */
export class CallService {
  constructor(
    private readonly store: CallStore,
    private readonly settings: CallServiceSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new call, open now, with the creator holding the first seat. */
  async createCall(creatorUid: string): Promise<{ id: string }> {
    const { id } = await this.scheduleCall(creatorUid, {});
    return { id };
  }

  /**
   * A call that opens at `startsAt` (or now), with the creator holding the first seat. Every field
   * is checked before anything is written, so a rejected request leaves no trace.
   */
  async scheduleCall(creatorUid: string, raw: unknown): Promise<CreatedCall> {
    const nowMs = this.now();
    const request = this.readRequest(raw, nowMs);
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newCallId((n) => randomBytes(n));
      const call = this.newCall(id, "call", creatorUid, [creatorUid], request, nowMs);
      if (await this.store.createIfAbsent(call)) return { id, status: call.status, startsAtMs: call.startsAtMs };
    }
    // 2^75 ids: reaching this means the random source is broken, not bad luck.
    throw new CallServiceError("internal", "Could not allocate a call id.");
  }

  /**
   * The room for a name, created on first use and started afresh once it has ended or expired.
   * Seats go to the first two people who join.
   */
  async openRoom(uid: string, rawName: unknown): Promise<{ id: string; created: boolean }> {
    if (typeof rawName !== "string") throw new CallServiceError("invalid-argument", "Room name must be a string.");
    const name = normalizeRoomName(rawName);
    if (name === "") throw new CallServiceError("invalid-argument", "Room name must not be empty.");
    if (name.length > LIMITS.roomNameMaxLength) {
      throw new CallServiceError(
        "invalid-argument",
        `Room name must be at most ${LIMITS.roomNameMaxLength} characters.`,
      );
    }
    const id = roomIdFromDigest(createHash("sha256").update(name, "utf8").digest());
    const nowMs = this.now();
    const fresh = this.newCall(id, "room", uid, [], { startsMs: nowMs }, nowMs);
    // One transaction: concurrent first openers create the room once (the loser retries and sees it).
    const created = await this.store.update(id, false, ({ call }) =>
      call && !isTerminal(call.status) ? { change: null, result: false } : { change: { replace: fresh }, result: true },
    );
    return { id, created };
  }

  /**
   * Ends a call for everyone; only its creator may. A scheduled call that has not started is
   * cancelled. Signaling is deleted; the call document stays as a small record. Ending a call that
   * is already over changes nothing and reports how it ended.
   */
  async endCall(uid: string, rawCallId: unknown): Promise<EndedCall> {
    const parsed = typeof rawCallId === "string" ? parseCallId(rawCallId) : null;
    if (!parsed?.ok) {
      throw new CallServiceError("invalid-argument", "callId must be a call id such as abcd-efgh-ijkm-nopq.");
    }
    const nowMs = this.now();
    return this.store.update(parsed.id, true, ({ call }) => {
      if (!call) throw new CallServiceError("not-found", "There is no call with this id.");
      if (call.createdBy !== uid) {
        throw new CallServiceError("permission-denied", "Only the person who created this call can end it.");
      }
      if (isTerminal(call.status)) return { change: null, result: { status: call.status, endReason: call.endReason } };
      const reason: EndReason = call.status === "scheduled" ? "cancelled" : "ended_by_host";
      const change = endChange(reason, nowMs);
      return { change, result: { status: change.patch!.status!, endReason: reason } };
    });
  }

  private readRequest(raw: unknown, nowMs: number): { startsMs: number; title: string | null; emptyTimeout: number } {
    const data = raw ?? {};
    if (typeof data !== "object" || Array.isArray(data)) {
      throw new CallServiceError("invalid-argument", "The request must be an object.");
    }
    const fields = data as Record<string, unknown>;
    const unknown = Object.keys(fields).find((k) => !(REQUEST_FIELDS as readonly string[]).includes(k));
    if (unknown !== undefined) {
      throw new CallServiceError(
        "invalid-argument",
        `Unknown field "${unknown.slice(0, 40)}": the fields are ${REQUEST_FIELDS.join(", ")}.`,
      );
    }
    let startsMs = nowMs;
    if (fields.startsAt !== undefined && fields.startsAt !== null) {
      const start = checkStartTime(fields.startsAt, nowMs);
      if (!start.ok) throw new CallServiceError("invalid-argument", start.message);
      startsMs = start.ms;
    }
    let title: string | null = null;
    if (fields.title !== undefined && fields.title !== null) {
      if (typeof fields.title !== "string") throw new CallServiceError("invalid-argument", "title must be a string.");
      title = fields.title.trim() || null;
      if (title && title.length > LIMITS.titleMaxLength) {
        throw new CallServiceError("invalid-argument", `title must be at most ${LIMITS.titleMaxLength} characters.`);
      }
    }
    let emptyTimeout = this.settings.defaultEmptyTimeoutSeconds;
    if (fields.emptyTimeoutSeconds !== undefined && fields.emptyTimeoutSeconds !== null) {
      const value = fields.emptyTimeoutSeconds;
      const { minSeconds, maxSeconds } = EMPTY_TIMEOUT_BOUNDS;
      if (typeof value !== "number" || !Number.isInteger(value) || value < minSeconds || value > maxSeconds) {
        throw new CallServiceError(
          "invalid-argument",
          `emptyTimeoutSeconds must be a whole number of seconds from ${minSeconds} to ${maxSeconds}.`,
        );
      }
      emptyTimeout = value;
    }
    return { startsMs, title, emptyTimeout };
  }

  private newCall(
    id: string,
    kind: NewCall["kind"],
    createdBy: string,
    participants: string[],
    request: { startsMs: number; title?: string | null; emptyTimeout?: number },
    nowMs: number,
  ): NewCall {
    const opensNow = request.startsMs <= nowMs;
    const timing: Pick<CallRecord, "status" | "startsAtMs" | "emptyTimeoutSeconds"> = {
      status: opensNow ? "open" : "scheduled",
      startsAtMs: request.startsMs,
      emptyTimeoutSeconds: request.emptyTimeout ?? this.settings.defaultEmptyTimeoutSeconds,
    };
    return {
      id,
      kind,
      createdBy,
      participants,
      title: request.title ?? null,
      ...timing,
      openedAtMs: opensNow ? nowMs : null,
      // Nobody is in it yet: it lives until the unused timeout unless someone comes.
      expiresAtMs: expiresAtMs(timing, [], nowMs, this.settings),
    };
  }
}

/** The change that ends a call: terminal status, reason, time, no expiry, no signaling. */
export function endChange(reason: EndReason, nowMs: number): CallChange {
  const status: CallStatus = reason === "ended_by_host" ? "ended" : reason;
  return {
    patch: { status, endReason: reason, endedAtMs: nowMs, expiresAtMs: null },
    deleteSignals: true,
  };
}
