import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { newCallId, normalizeRoomName, parseCallId, roomIdFromDigest } from "../shared/call-id.js";
import {
  EMPTY_TIMEOUT_BOUNDS,
  isHost,
  isTerminal,
  LIMITS,
  type CallStatus,
  type EndReason,
} from "../shared/call-model.js";
import { labelProblem } from "../shared/plain-text.js";
import { checkStartTime, parseRfc3339 } from "../shared/start-time.js";
import type { AppFields, CallChange, CallPageQuery, CallRecord, CallStore, NewCall } from "./call-store.js";
import { expiresAtMs, type LifecycleSettings } from "./lifecycle.js";
import { RETENTION_MS } from "./retention.js";

export type CallServiceErrorCode =
  "invalid-argument" | "not-found" | "permission-denied" | "failed-precondition" | "already-exists" | "internal";

/** What exactly was wrong, for transports that tell more than `code` (the REST API's problem codes). */
export type CallServiceReason =
  | "invalid_request"
  | "invalid_call_id"
  | "invalid_start_time"
  | "start_time_out_of_range"
  | "invalid_title"
  | "invalid_empty_timeout"
  | "call_not_found"
  | "not_host"
  | "call_not_scheduled"
  | "call_ended"
  | "idempotency_conflict";

/** A failure the caller caused; entry points map `code` (or `reason`) to their transport's error. */
export class CallServiceError extends Error {
  constructor(
    readonly code: CallServiceErrorCode,
    message: string,
    readonly reason: CallServiceReason = "invalid_request",
  ) {
    super(message);
  }
}

/** A call with its id, as the REST API reads it. */
export type IdentifiedCall = CallRecord & { id: string };

/** Who owns a call created through the REST API, and how to answer for it. */
export interface AppOwner {
  appId: string;
  /** The API key's id: an Idempotency-Key replays only for the key that first used it. */
  keyId: string;
  hostName: string | null;
  guestName: string | null;
  metadata: Record<string, string>;
  /** The host link's secret for a call id (derived, so that a replay can show the same link). */
  hostKeyFor(callId: string): string;
  /** The answer for a new call; stored with the Idempotency-Key so a replay answers the same. */
  respond(call: IdentifiedCall): unknown;
  idempotency?: { docId: string; requestHash: string };
}

const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const notFound = () => new CallServiceError("not-found", "There is no call with this id.", "call_not_found");

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
   * A call owned by an integrating app (REST API): nobody is seated, so both people can join; the
   * host link's key is stored only as a hash. The same validation as scheduleCall, then one write
   * (with the Idempotency-Key record, in one transaction, when there is a key).
   */
  async scheduleForApp(raw: unknown, owner: AppOwner): Promise<{ id: string; response: unknown; replayed: boolean }> {
    const nowMs = this.now();
    const request = this.readRequest(raw, nowMs);
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newCallId((n) => randomBytes(n));
      const app: AppFields = {
        appId: owner.appId,
        hostKeyHash: sha256Hex(owner.hostKeyFor(id)),
        hostName: owner.hostName,
        guestName: owner.guestName,
        metadata: owner.metadata,
      };
      const call = this.newCall(id, "call", `app:${owner.appId}`, [], request, nowMs, app);
      const response = owner.respond({
        ...call,
        endedAtMs: null,
        endReason: null,
        hostUid: null,
        sequence: 0,
        createdAtMs: nowMs,
      });
      if (!owner.idempotency) {
        if (await this.store.createIfAbsent(call)) return { id, response, replayed: false };
        continue;
      }
      const { docId, requestHash } = owner.idempotency;
      const outcome = await this.store.createIdempotent(call, {
        docId,
        appId: owner.appId,
        keyId: owner.keyId,
        requestHash,
        response,
        expiresAtMs: nowMs + RETENTION_MS.idempotencyKey,
      });
      if (outcome.created) return { id, response, replayed: false };
      const earlier = outcome.existing;
      if (!earlier) continue; // the id was taken: draw another
      if (earlier.requestHash !== requestHash || earlier.keyId !== owner.keyId) {
        throw new CallServiceError(
          "already-exists",
          earlier.requestHash !== requestHash
            ? "This Idempotency-Key was already used with a different request body."
            : "This Idempotency-Key was already used with another API key.",
          "idempotency_conflict",
        );
      }
      return { id: earlier.callId, response: earlier.response, replayed: true };
    }
    throw new CallServiceError("internal", "Could not allocate a call id.");
  }

  /** An app's own call; another app's call (or none) is "not found", so ids leak nothing. */
  async getForApp(appId: string, rawCallId: unknown): Promise<IdentifiedCall> {
    const id = this.callIdOf(rawCallId);
    const call = await this.store.get(id);
    if (!call || call.app?.appId !== appId) throw notFound();
    return { ...call, id };
  }

  /** A page of an app's calls, ordered by start time (one extra tells whether there is more). */
  async listForApp(query: CallPageQuery): Promise<IdentifiedCall[]> {
    const rows = await this.store.pageOfApp(query);
    return rows.map(({ id, call }) => ({ ...call, id }));
  }

  /**
   * Moves a scheduled call (startsAt, title, emptyTimeoutSeconds; absent fields stay). Each
   * reschedule increases `sequence`, so calendars replace their entry. A start that is now opens it.
   */
  async rescheduleForApp(appId: string, rawCallId: unknown, raw: unknown): Promise<IdentifiedCall> {
    const id = this.callIdOf(rawCallId);
    const nowMs = this.now();
    const request = this.readRequest(raw, nowMs);
    const given = (raw ?? {}) as Record<string, unknown>;
    return this.store.update(id, false, ({ call }) => {
      if (!call || call.app?.appId !== appId) throw notFound();
      if (isTerminal(call.status))
        throw new CallServiceError("failed-precondition", `The call is ${call.status}.`, "call_ended");
      if (call.status !== "scheduled") {
        throw new CallServiceError(
          "failed-precondition",
          "Only a scheduled call can be rescheduled; this one is open.",
          "call_not_scheduled",
        );
      }
      const startsAtMs = given.startsAt != null ? request.startsMs : call.startsAtMs;
      const opensNow = startsAtMs <= nowMs;
      const timing = {
        status: (opensNow ? "open" : "scheduled") as CallStatus,
        startsAtMs,
        emptyTimeoutSeconds: given.emptyTimeoutSeconds != null ? request.emptyTimeout : call.emptyTimeoutSeconds,
      };
      const patch = {
        ...timing,
        title: given.title !== undefined ? request.title : call.title,
        sequence: call.sequence + 1,
        openedAtMs: opensNow ? nowMs : null,
        expiresAtMs: expiresAtMs(timing, [], nowMs, this.settings),
      };
      return { change: { patch }, result: { ...call, ...patch, id } };
    });
  }

  /** Ends (or cancels) an app's call; ending one that is over changes nothing. */
  async endForApp(appId: string, rawCallId: unknown): Promise<IdentifiedCall> {
    const id = this.callIdOf(rawCallId);
    return this.end(id, (call) => {
      if (call.app?.appId !== appId) throw notFound();
    });
  }

  /**
   * Records `uid` as the call's host when `hostKey` is the secret of the call's host link: they may
   * then end the call like its creator. The latest person to open the link is the host.
   */
  async claimHost(uid: string, rawCallId: unknown, rawKey: unknown): Promise<{ callId: string }> {
    const id = this.callIdOf(rawCallId);
    if (typeof rawKey !== "string" || rawKey.length === 0 || rawKey.length > 200) {
      throw new CallServiceError("invalid-argument", "hostKey must be the key from a host link.");
    }
    const given = Buffer.from(sha256Hex(rawKey), "hex");
    return this.store.update(id, false, ({ call }) => {
      if (!call) throw notFound();
      const stored = Buffer.from(call.app?.hostKeyHash ?? "", "hex");
      if (stored.length !== given.length || !timingSafeEqual(stored, given)) {
        throw new CallServiceError("permission-denied", "This host link is not valid for this call.", "not_host");
      }
      return { change: call.hostUid === uid ? null : { patch: { hostUid: uid } }, result: { callId: id } };
    });
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
    const id = this.callIdOf(rawCallId);
    const { status, endReason } = await this.end(id, (call) => {
      if (!isHost(call, uid)) {
        throw new CallServiceError(
          "permission-denied",
          "Only the person who created this call can end it.",
          "not_host",
        );
      }
    });
    return { status, endReason };
  }

  /** The one way a call ends: `check` may refuse; a call already over is returned unchanged. */
  private end(id: string, check: (call: CallRecord) => void): Promise<IdentifiedCall> {
    const nowMs = this.now();
    return this.store.update(id, true, ({ call }) => {
      if (!call) throw notFound();
      check(call);
      if (isTerminal(call.status)) return { change: null, result: { ...call, id } };
      const reason: EndReason = call.status === "scheduled" ? "cancelled" : "ended_by_host";
      const change = endChange(reason, nowMs);
      return { change, result: { ...call, ...change.patch, id } };
    });
  }

  private callIdOf(rawCallId: unknown): string {
    const parsed = typeof rawCallId === "string" ? parseCallId(rawCallId) : null;
    if (!parsed?.ok) {
      throw new CallServiceError(
        "invalid-argument",
        "callId must be a call id such as abcd-efgh-ijkm-nopq.",
        "invalid_call_id",
      );
    }
    return parsed.id;
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
      if (!start.ok) {
        // A well-formed time that is too early or too late is a different problem from a malformed one.
        const wellFormed = typeof fields.startsAt === "string" && parseRfc3339(fields.startsAt.trim()) !== null;
        throw new CallServiceError(
          "invalid-argument",
          start.message,
          wellFormed ? "start_time_out_of_range" : "invalid_start_time",
        );
      }
      startsMs = start.ms;
    }
    let title: string | null = null;
    if (fields.title !== undefined && fields.title !== null) {
      if (typeof fields.title !== "string") {
        throw new CallServiceError("invalid-argument", "title must be a string.", "invalid_title");
      }
      title = fields.title.trim() || null;
      if (title && title.length > LIMITS.titleMaxLength) {
        throw new CallServiceError(
          "invalid-argument",
          `title must be at most ${LIMITS.titleMaxLength} characters.`,
          "invalid_title",
        );
      }
      const problem = title && labelProblem(title);
      if (problem) throw new CallServiceError("invalid-argument", `title ${problem}.`, "invalid_title");
    }
    let emptyTimeout = this.settings.defaultEmptyTimeoutSeconds;
    if (fields.emptyTimeoutSeconds !== undefined && fields.emptyTimeoutSeconds !== null) {
      const value = fields.emptyTimeoutSeconds;
      const { minSeconds, maxSeconds } = EMPTY_TIMEOUT_BOUNDS;
      if (typeof value !== "number" || !Number.isInteger(value) || value < minSeconds || value > maxSeconds) {
        throw new CallServiceError(
          "invalid-argument",
          `emptyTimeoutSeconds must be a whole number of seconds from ${minSeconds} to ${maxSeconds}.`,
          "invalid_empty_timeout",
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
    app: AppFields | null = null,
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
      app,
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
