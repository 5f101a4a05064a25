import { onCall } from "firebase-functions/v2/https";
import { toHttpsError } from "./https-errors.js";
import { requireUid } from "./require-uid.js";
import { callService } from "../composition-root.js";

/**
 * `{ callId, hostKey }` from a host link (?host=…): makes the caller the call's host, who may end
 * it for everyone. A wrong key is `permission-denied`.
 */
export const claimHost = onCall(async (request) => {
  const uid = requireUid(request);
  const data = request.data as { callId?: unknown; hostKey?: unknown } | null;
  return callService().claimHost(uid, data?.callId, data?.hostKey).catch(toHttpsError);
});
