import { onCall } from "firebase-functions/v2/https";
import { toHttpsError } from "./https-errors.js";
import { requireUid } from "./require-uid.js";
import { callService } from "../composition-root.js";

/** Creates a call now; the caller is its creator and holds the first seat. Returns `{ id }`. */
export const createCall = onCall(async (request) => {
  const uid = requireUid(request);
  return callService().createCall(uid).catch(toHttpsError);
});
