import { doc, getDoc, type Firestore } from "firebase/firestore";
import { httpsCallable, type Functions } from "firebase/functions";
import { CALLS, MAX_PARTICIPANTS, type CallDoc } from "../../../functions/src/shared/call-model.js";
import { CallError, problemFromFirebase } from "./call-errors.js";

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

/** Finding, creating and checking calls: the web side of the call service. */
export class CallDirectory {
  constructor(
    private readonly db: Firestore,
    private readonly functions: Functions,
  ) {}

  async createCall(): Promise<string> {
    const result = await httpsCallable<void, { id: string }>(this.functions, "createCall")();
    return result.data.id;
  }

  async openRoom(name: string): Promise<string> {
    const result = await httpsCallable<{ name: string }, { id: string }>(this.functions, "openRoom")({ name });
    return result.data.id;
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
    if (call.status !== "open") throw new CallError("ended");
    const seated = call.participants.includes(uid);
    if (!seated && call.participants.length >= MAX_PARTICIPANTS) throw new CallError("full");
    return { call, seated };
  }
}
