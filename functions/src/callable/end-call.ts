import { onCall } from "firebase-functions/v2/https";
import { toHttpsError } from "./https-errors.js";
import { requireUid } from "./require-uid.js";
import { callService } from "../composition-root.js";

/** Ends (or, before its start, cancels) `{ callId }` for everyone. Only the creator may. */
export const endCall = onCall(async (request) => {
  const uid = requireUid(request);
  const data = request.data as { callId?: unknown } | null;
  return callService().endCall(uid, data?.callId).catch(toHttpsError);
});
