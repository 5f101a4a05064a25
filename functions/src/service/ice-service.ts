import { isCallId } from "../shared/call-id.js";
import { isJoinable, isTerminal } from "../shared/call-model.js";
import type { GateView } from "./call-store.js";
import { iceServersFor, type IceConfig, type IceServersResult } from "./turn-credentials.js";

/** Why a person gets no ICE servers; the callable maps `code` to an HttpsError. */
export class IceServiceError extends Error {
  constructor(
    readonly code: "invalid-argument" | "permission-denied" | "failed-precondition",
    message: string,
  ) {
    super(message);
  }
}

export interface GateSource {
  /** The call's status, start and seat holders, or null when there is no such call. */
  gate(callId: string): Promise<GateView | null>;
}

/**
 * Hands out ICE servers, with a short-lived TURN credential, only to someone holding a seat in a
 * call that may be joined now (open, or scheduled and started): a relay costs bandwidth, so
 * neither strangers nor people of a call that has not begun or is over can mint credentials for it.
 */
export class IceService {
  constructor(
    private readonly calls: GateSource,
    private readonly config: () => IceConfig,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  async iceServers(uid: string, rawCallId: unknown): Promise<IceServersResult> {
    if (typeof rawCallId !== "string" || !isCallId(rawCallId)) {
      throw new IceServiceError("invalid-argument", "callId must be a call id.");
    }
    const gate = await this.calls.gate(rawCallId);
    // No such call and not a participant look the same, so ids cannot be probed.
    if (!gate?.participants.includes(uid)) {
      throw new IceServiceError("permission-denied", "Only a participant of this call gets its relay servers.");
    }
    const nowSeconds = this.nowSeconds();
    if (!isJoinable(gate, nowSeconds * 1000)) {
      throw new IceServiceError(
        "failed-precondition",
        isTerminal(gate.status) ? "This call is over." : "This call has not started yet.",
      );
    }
    return iceServersFor(this.config(), uid, nowSeconds);
  }
}
