import { isCallId } from "../shared/call-id.js";
import { iceServersFor, type IceConfig, type IceServersResult } from "./turn-credentials.js";

/** Why a person gets no ICE servers; the callable maps `code` to an HttpsError. */
export class IceServiceError extends Error {
  constructor(
    readonly code: "invalid-argument" | "permission-denied",
    message: string,
  ) {
    super(message);
  }
}

export interface ParticipantSource {
  /** The call's seat holders, or null when there is no such call. */
  participantsOf(callId: string): Promise<string[] | null>;
}

/**
 * Hands out ICE servers, with a short-lived TURN credential, only to someone holding a seat in the
 * call: a relay costs bandwidth, so strangers must not be able to mint credentials for it.
 */
export class IceService {
  constructor(
    private readonly calls: ParticipantSource,
    private readonly config: () => IceConfig,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  async iceServers(uid: string, rawCallId: unknown): Promise<IceServersResult> {
    if (typeof rawCallId !== "string" || !isCallId(rawCallId)) {
      throw new IceServiceError("invalid-argument", "callId must be a call id.");
    }
    const participants = await this.calls.participantsOf(rawCallId);
    // No such call and not a participant look the same, so ids cannot be probed.
    if (!participants?.includes(uid)) {
      throw new IceServiceError("permission-denied", "Only a participant of this call gets its relay servers.");
    }
    return iceServersFor(this.config(), uid, this.nowSeconds());
  }
}
