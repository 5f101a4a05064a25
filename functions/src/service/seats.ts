/**
 * Who gets a seat, as plain functions of the seats, presence and time: the host link's seat, and a
 * named room's seats once their holders are gone. CallService applies the answers in a transaction.
 */
import { freeGuestSeats, MAX_PARTICIPANTS, PRESENCE_STALE_MS } from "../shared/call-model.js";
import type { Seats } from "./call-documents.js";
import { goneSinceMs, type Presence } from "./lifecycle.js";

/** New seats, and the people who lost theirs (their signaling goes with it). */
export interface SeatChange {
  seats: Seats;
  evicted: string[];
}

/**
 * `uid` opened the host link: they take the seat kept for the host. Whoever held it before (an
 * earlier opener of the same link, on another device) loses it: the latest opener is the host.
 * Null when nothing changes, or when no seat can be had (the call's seats are held by others).
 */
export function seatsForHost(seats: Seats, previousHost: string | null, uid: string): SeatChange | null {
  const evicted =
    previousHost && previousHost !== uid && seats.participants.includes(previousHost) ? [previousHost] : [];
  const kept = seats.participants.filter((p) => !evicted.includes(p));
  const participants = kept.includes(uid) ? kept : [...kept, uid];
  if (participants.length > MAX_PARTICIPANTS) return null;
  const unchanged =
    !seats.hostSeatReserved &&
    evicted.length === 0 &&
    participants.length === seats.participants.length &&
    participants.every((p, i) => p === seats.participants[i]);
  return unchanged ? null : { seats: { participants, hostSeatReserved: false }, evicted };
}

/** One seat holder's presence: their signals document, if they ever joined. */
export type HolderPresence = Presence & { uid: string };

/**
 * A full room's seats, freed from holders who are gone: they hung up or closed the page (`left`),
 * their heartbeat stopped (stale), or they took the seat and never joined while the room has not
 * changed for PRESENCE_STALE_MS. Null when `uid` already has a seat, a seat is free, or everyone
 * holding one is still here.
 */
export function roomSeatsFreed(
  seats: Seats & { updatedAtMs: number },
  presences: readonly HolderPresence[],
  uid: string,
  nowMs: number,
): SeatChange | null {
  if (seats.participants.includes(uid) || freeGuestSeats(seats) > 0) return null;
  const gone = seats.participants.filter((holder) => {
    const presence = presences.find((p) => p.uid === holder);
    return presence ? goneSinceMs(presence, nowMs) !== null : nowMs - seats.updatedAtMs >= PRESENCE_STALE_MS;
  });
  if (gone.length === 0) return null;
  return {
    seats: { participants: seats.participants.filter((p) => !gone.includes(p)), hostSeatReserved: false },
    evicted: gone,
  };
}
