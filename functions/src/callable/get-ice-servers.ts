import { onCall } from "firebase-functions/v2/https";
import { TURN_SECRET } from "../params.js";
import { iceService } from "../composition-root.js";
import { toHttpsError } from "./https-errors.js";
import { requireUid } from "./require-uid.js";

/**
 * ICE servers for a seated participant of `{ callId }` while it may be joined: STUN URLs, plus TURN
 * with a short-lived credential.
 */
export const getIceServers = onCall({ secrets: [TURN_SECRET] }, async (request) => {
  const uid = requireUid(request);
  const data = request.data as { callId?: unknown } | null;
  return iceService().iceServers(uid, data?.callId).catch(toHttpsError);
});
