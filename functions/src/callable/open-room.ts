import { onCall } from "firebase-functions/v2/https";
import { requireUid, toHttpsError } from "./errors.js";
import { callService } from "../services.js";

/** Returns the call id for a room name (`{ name }`), creating the room on first use. */
export const openRoom = onCall(async (request) => {
  const uid = requireUid(request);
  const data = request.data as { name?: unknown } | null;
  return callService().openRoom(uid, data?.name).catch(toHttpsError);
});
