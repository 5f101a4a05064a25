import { doc, getDoc, type Firestore } from "firebase/firestore";
import { httpsCallable, type Functions } from "firebase/functions";
import { CALLS, isTerminal, MAX_PARTICIPANTS, type CallDoc } from "../../../functions/src/shared/call-model.js";
import { CallError, endedProblem, problemFromFirebase } from "./call-errors.js";
// Kept here for the modules that import it from the directory; it lives with the other error helpers.
export { callableMessage } from "./call-errors.js";

export interface CallAccess {
  call: CallDoc;
  /** True when this user already holds a seat (came back with the link, or reloaded). */
  seated: boolean;
}

export interface IceServers {
  iceServers: RTCIceServer[];
  /** Unix seconds when the TURN credential expires; null without TURN. */
  expiresAt: number | null;
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

  /** Presents a host link's key (?host=…): the server then lets this person end the call. */
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

  /** Whether `uid` may enter the call, read with one document get. Throws CallError if not. */
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
    if (!seated && call.participants.length >= MAX_PARTICIPANTS) throw new CallError("full");
    return { call, seated };
  }
}
