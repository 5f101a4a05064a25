import { httpsCallable, type Functions } from "firebase/functions";
import type { CallRequest } from "@firecall/model";

/** A named room's call, and whether both its seats are held by people who are still there. */
export interface OpenedRoom {
  id: string;
  full: boolean;
}

export interface CreatedCall {
  id: string;
  status: "open" | "scheduled";
  startsAt: string;
}

/**
 * Creating calls from the start page: callables only (Auth and Functions), so the start page
 * never downloads the Firestore SDK.
 */
export class CallRequests {
  constructor(private readonly functions: Functions) {}

  /** Creates a call now or for later; the server checks the request and says what is wrong. */
  async scheduleCall(request: CallRequest): Promise<CreatedCall> {
    return (await httpsCallable<CallRequest, CreatedCall>(this.functions, "scheduleCall")(request)).data;
  }

  /** The room's call; asking again while it is full frees the seats of people who have gone. */
  async openRoom(name: string): Promise<OpenedRoom> {
    const result = await httpsCallable<{ name: string }, Partial<OpenedRoom>>(this.functions, "openRoom")({ name });
    return { id: String(result.data.id), full: result.data.full === true };
  }
}
