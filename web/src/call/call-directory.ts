import { doc, getDoc, type Firestore } from "firebase/firestore";
import { httpsCallable, type Functions } from "firebase/functions";
import {
  CALL_DETAILS_ID,
  CALL_PRIVATE,
  CALLS,
  freeGuestSeats,
  isTerminal,
  type CallDetailsDoc,
  type CallDoc,
} from "@firecall/model";
import { CallError, endedProblem, problemFromFirebase } from "./call-errors.js";

/** What only the call's participants may read: title, who may end it, names. */
export type CallDetails = CallDetailsDoc;

export interface CallAccess {
  /** The gate: status, start, how it ended, the seats. */
  call: CallDoc;
  /** True when this user already holds a seat (came back with the link, or reloaded). */
  seated: boolean;
  /** The details, once seated; null before (a person without a seat may not read them). */
  details: CallDetails | null;
}

export interface IceServers {
  iceServers: RTCIceServer[];
  /** Unix seconds when the TURN credential expires; null without TURN. */
  expiresAt: number | null;
}

/** Whether `uid` may end the call for everyone, by the details (null: not known to be). */
export function isHostOf(details: CallDetails | null, uid: string): boolean {
  return !!details?.hostUid && details.hostUid === uid;
}

/**
 * Checking, ending and joining calls: the web side of the call service on the call page. Creating
 * calls is in call-requests.ts, which the start page loads without the Firestore SDK.
 */
export class CallDirectory {
  constructor(
    private readonly db: Firestore,
    private readonly functions: Functions,
  ) {}

  /** Ends the call for everyone (only its creator may). */
  async endCall(callId: string): Promise<void> {
    await httpsCallable<{ callId: string }, unknown>(this.functions, "endCall")({ callId });
  }

  /** Presents a host link's key (?host=…): the server then seats this person as the host. */
  async claimHost(callId: string, hostKey: string): Promise<void> {
    await httpsCallable<{ callId: string; hostKey: string }, unknown>(this.functions, "claimHost")({ callId, hostKey });
  }

  /** The server's clock now, in milliseconds. */
  async serverNow(): Promise<number> {
    return (await httpsCallable<void, { nowMs: number }>(this.functions, "serverTime")()).data.nowMs;
  }

  /** ICE servers for a participant of the call, with a short-lived TURN credential when configured. */
  async iceServers(callId: string): Promise<IceServers> {
    const result = await httpsCallable<{ callId: string }, IceServers>(this.functions, "getIceServers")({ callId });
    return result.data;
  }

  /** The call's details, for a participant; null when they cannot be read. */
  async details(callId: string): Promise<CallDetails | null> {
    try {
      const snap = await getDoc(doc(this.db, CALLS, callId, CALL_PRIVATE, CALL_DETAILS_ID));
      const data = snap.data() as Partial<CallDetailsDoc> | undefined;
      if (!data) return null;
      const text = (v: unknown) => (typeof v === "string" ? v : null);
      return {
        title: text(data.title),
        hostUid: text(data.hostUid),
        hostName: text(data.hostName),
        guestName: text(data.guestName),
      };
    } catch (err) {
      console.warn("call details:", err);
      return null;
    }
  }

  /**
   * Whether `uid` may enter the call: one read of the gate, and one of the details for someone
   * already seated. Throws CallError if not (over, no such call, or no seat left for a guest).
   */
  async checkAccess(callId: string, uid: string): Promise<CallAccess> {
    let snap;
    try {
      snap = await getDoc(doc(this.db, CALLS, callId));
    } catch (err) {
      throw new CallError(problemFromFirebase(err));
    }
    if (!snap.exists()) throw new CallError("not-found");
    const call = snap.data() as CallDoc;
    if (isTerminal(call.status)) throw new CallError(endedProblem(call.status, call.endReason, false));
    const seated = call.participants.includes(uid);
    // A call made through the REST API keeps one seat for its host link: a guest who finds the
    // other seat taken is told so, not that "two people are in it".
    if (!seated && freeGuestSeats(call) === 0) throw new CallError(call.hostSeatReserved ? "host-seat-kept" : "full");
    return { call, seated, details: seated ? await this.details(callId) : null };
  }
}
