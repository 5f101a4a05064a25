import { createHash } from "node:crypto";
import { normalizeRoomName, roomIdFromDigest } from "../shared/call-id.js";
import { freeGuestSeats, isTerminal, LIMITS } from "../shared/call-model.js";
import { CallServiceError } from "./call-service-error.js";
import type { CallServiceSettings } from "./call-service.js";
import { newCall } from "./new-call.js";
import type { CallStore } from "./call-store.js";
import { quotaError, type QuotaTaker } from "./quota-error.js";
import { roomSeatsFreed } from "./seats.js";

export interface OpenedRoom {
  id: string;
  /** This call started the room (first use, or its last session had ended). */
  created: boolean;
  /** Both seats are held by people who are still here: the caller cannot get in now. */
  full: boolean;
}

/** Named rooms: the same name always leads to the same call id. */
export class RoomService {
  constructor(
    private readonly store: CallStore,
    private readonly settings: CallServiceSettings,
    private readonly quotas: QuotaTaker,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The room for a name, created on first use and started afresh once it has ended or expired
   * (both count against the caller's room quota). Seats go to the first two people who join; when
   * both are taken, the seats of holders who are gone (hung up, closed the page, heartbeat stopped)
   * are freed for the caller, in the same transaction that looks at them. `full` says the caller
   * cannot get in yet: asking again later gives the answer of that moment.
   */
  async openRoom(uid: string, rawName: unknown): Promise<OpenedRoom> {
    const id = roomId(rawName);
    const nowMs = this.now();
    const existing = await this.store.get(id);
    if (!existing || isTerminal(existing.status)) {
      const taken = await this.quotas.take(uid, "rooms", nowMs);
      if (!taken.ok) throw quotaError("rooms", taken.retryAfterSeconds);
    }
    const request = { startsMs: nowMs, emptyTimeout: this.settings.defaultEmptyTimeoutSeconds };
    const fresh = newCall(
      id,
      "room",
      uid,
      { participants: [], hostSeatReserved: false },
      request,
      nowMs,
      this.settings,
    );
    // One transaction: concurrent first openers create the room once (the loser retries and sees it).
    return this.store.update<OpenedRoom>(id, { signals: true, seats: true }, ({ call, seats, presences }) => {
      if (!call || isTerminal(call.status) || !seats) {
        return { change: { replace: fresh, deleteSignals: true }, result: { id, created: true, full: false } };
      }
      const freed = roomSeatsFreed(seats, presences, uid, nowMs);
      const after = freed?.seats ?? seats;
      const full = !after.participants.includes(uid) && freeGuestSeats(after) === 0;
      const change = freed ? { seats: freed.seats, deleteSignals: freed.evicted } : null;
      return { change, result: { id, created: false, full } };
    });
  }
}

function roomId(rawName: unknown): string {
  if (typeof rawName !== "string") throw new CallServiceError("invalid-argument", "Room name must be a string.");
  const name = normalizeRoomName(rawName);
  if (name === "") throw new CallServiceError("invalid-argument", "Room name must not be empty.");
  if (name.length > LIMITS.roomNameMaxLength) {
    throw new CallServiceError("invalid-argument", `Room name must be at most ${LIMITS.roomNameMaxLength} characters.`);
  }
  return roomIdFromDigest(createHash("sha256").update(name, "utf8").digest());
}
