import { httpsCallable, type Functions } from "firebase/functions";
import type { CallRequest } from "../../../functions/src/shared/call-model.js";

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

  /** The call of a named room (the same name gives both people the same call). */
  async openRoom(name: string): Promise<string> {
    const result = await httpsCallable<{ name: string }, { id: string }>(this.functions, "openRoom")({ name });
    return result.data.id;
  }
}
