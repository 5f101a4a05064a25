import { HttpsError, onCall } from "firebase-functions/v2/https";
import { IceServiceError } from "../service/ice-service.js";
import { TURN_SECRET } from "../params.js";
import { requireUid } from "./errors.js";
import { iceService } from "../services.js";

/**
 * ICE servers for a seated participant of `{ callId }` while it may be joined: STUN URLs, plus TURN
 * with a short-lived credential.
 */
export const getIceServers = onCall({ secrets: [TURN_SECRET] }, async (request) => {
  const uid = requireUid(request);
  const data = request.data as { callId?: unknown } | null;
  try {
    return await iceService().iceServers(uid, data?.callId);
  } catch (err) {
    if (err instanceof IceServiceError) throw new HttpsError(err.code, err.message);
    throw err;
  }
});
