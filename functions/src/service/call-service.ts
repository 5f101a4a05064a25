import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { newCallId } from "../shared/call-id.js";
import { isHost, isTerminal, type CallStatus, type EndReason } from "../shared/call-model.js";
import type { AppFields, Seats } from "./call-documents.js";
import { newCall } from "./new-call.js";
import { callIdOf, readCallRequest, type CheckedRequest } from "./call-request.js";
import { CallServiceError, notFound } from "./call-service-error.js";
import type { CallPageQuery, CallRecord, CallStore } from "./call-store.js";
import { endReasonAt, expiresAtMs, hasStarted, type LifecycleSettings } from "./lifecycle.js";
import { endChange } from "./lifecycle-service.js";
import { seatsForHost } from "./seats.js";
import { quotaError, type QuotaTaker } from "./quota-error.js";
import { RETENTION_MS } from "./retention.js";

export { CallServiceError } from "./call-service-error.js";
export type { CallServiceErrorCode, CallServiceReason } from "./call-service-error.js";

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

/**
 * Creating, scheduling and ending calls. The callable functions (and the REST API) go through here
 * so every path behaves the same. `now` is injectable so tests can move time.
 */
export class CallService {
  constructor(
    private readonly store: CallStore,
    private readonly settings: CallServiceSettings,
    private readonly quotas: QuotaTaker,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new call, open now, with the creator holding the first seat. */
  async createCall(creatorUid: string): Promise<{ id: string }> {
    const { id } = await this.scheduleCall(creatorUid, {});
    return { id };
  }

  /**
   * A call that opens at `startsAt` (or now), with the creator holding the first seat. Every field
   * is checked, then the creator's quota, before anything is written, so a refusal leaves no trace.
   */
  async scheduleCall(creatorUid: string, raw: unknown): Promise<CreatedCall> {
    const nowMs = this.now();
    const request = this.readRequest(raw, nowMs);
    const taken = await this.quotas.take(creatorUid, "calls", nowMs);
    if (!taken.ok) throw quotaError("calls", taken.retryAfterSeconds);
    const seats: Seats = { participants: [creatorUid], hostSeatReserved: false };
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newCallId((n) => randomBytes(n));
      const call = newCall(id, "call", creatorUid, seats, request, nowMs, this.settings);
      if (await this.store.createIfAbsent(call)) return { id, status: call.status, startsAtMs: call.startsAtMs };
    }
    // 2^75 ids: reaching this means the random source is broken, not bad luck.
    throw new CallServiceError("internal", "Could not allocate a call id.");
  }

  /**
   * A call owned by an integrating app (REST API): nobody is seated and one seat is kept for the
   * host link, so guests can never fill the call before the host comes; the host link's key is
   * stored only as a hash. The same validation as scheduleCall, then one write (with the
   * Idempotency-Key record, in one transaction, when there is a key).
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
      const seats: Seats = { participants: [], hostSeatReserved: true };
      const call = newCall(id, "call", `app:${owner.appId}`, seats, request, nowMs, this.settings, app);
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
    const id = callIdOf(rawCallId);
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
   * A call that has started, or that a guest has a seat in, stays where it is (409 call_started):
   * moving it would lock out people who are in it. The host's own seat, taken by opening the host
   * link early, does not count: the lobby it waits in follows the new start.
   */
  async rescheduleForApp(appId: string, rawCallId: unknown, raw: unknown): Promise<IdentifiedCall> {
    const id = callIdOf(rawCallId);
    const nowMs = this.now();
    const request = this.readRequest(raw, nowMs);
    const given = (raw ?? {}) as Record<string, unknown>;
    return this.store.update(id, { seats: true }, ({ call, seats }) => {
      if (!call || call.app?.appId !== appId) throw notFound();
      if (isTerminal(call.status))
        throw new CallServiceError("failed-precondition", `The call is ${call.status}.`, "call_ended");
      if (hasStarted(call, nowMs)) {
        throw new CallServiceError(
          "failed-precondition",
          "The call has started, so it can no longer be rescheduled.",
          "call_started",
        );
      }
      if ((seats?.participants ?? []).some((p) => p !== call.hostUid)) {
        throw new CallServiceError(
          "failed-precondition",
          "Someone has taken a seat in this call, so it can no longer be rescheduled.",
          "call_started",
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
    const id = callIdOf(rawCallId);
    return this.end(id, (call) => {
      if (call.app?.appId !== appId) throw notFound();
    });
  }

  /**
   * `uid` presents the secret of the call's host link: they become its host (they may end it for
   * everyone) and take the seat kept for the host. The latest person to open the link is the host;
   * an earlier opener on another device loses the seat. A call that is over changes nothing.
   */
  async claimHost(uid: string, rawCallId: unknown, rawKey: unknown): Promise<{ callId: string }> {
    const id = callIdOf(rawCallId);
    if (typeof rawKey !== "string" || rawKey.length === 0 || rawKey.length > 200) {
      throw new CallServiceError("invalid-argument", "hostKey must be the key from a host link.");
    }
    const given = Buffer.from(sha256Hex(rawKey), "hex");
    return this.store.update(id, { seats: true }, ({ call, seats }) => {
      if (!call) throw notFound();
      const stored = Buffer.from(call.app?.hostKeyHash ?? "", "hex");
      if (stored.length !== given.length || !timingSafeEqual(stored, given)) {
        throw new CallServiceError("permission-denied", "This host link is not valid for this call.", "not_host");
      }
      const result = { callId: id };
      if (isTerminal(call.status)) return { change: null, result };
      const seated = seats ? seatsForHost(seats, call.hostUid, uid) : null;
      const patch = call.hostUid === uid ? undefined : { hostUid: uid };
      if (!seated && !patch) return { change: null, result };
      return {
        change: { patch, seats: seated?.seats, deleteSignals: seated?.evicted ?? [] },
        result,
      };
    });
  }

  /**
   * Ends a call for everyone; only its creator (or its host link's holder) may. A scheduled call
   * ended before its start is cancelled; after its start it is ended, whether or not the sweep had
   * marked it open. Signaling is deleted; the documents stay as a small record. Ending a call that
   * is already over changes nothing and reports how it ended.
   */
  async endCall(uid: string, rawCallId: unknown): Promise<EndedCall> {
    const id = callIdOf(rawCallId);
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
    return this.store.update(id, { signals: true }, ({ call }) => {
      if (!call) throw notFound();
      check(call);
      if (isTerminal(call.status)) return { change: null, result: { ...call, id } };
      const change = endChange(endReasonAt(call, nowMs), nowMs);
      return { change, result: { ...call, ...change.patch, id } };
    });
  }

  private readRequest(raw: unknown, nowMs: number): CheckedRequest {
    return readCallRequest(raw, nowMs, this.settings.defaultEmptyTimeoutSeconds);
  }
}
