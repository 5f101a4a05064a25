import { onCall } from "firebase-functions/v2/https";
import { toHttpsError } from "./https-errors.js";
import { requireUid } from "./require-uid.js";
import { callService } from "../composition-root.js";

/**
 * Creates a call that opens at `startsAt` (RFC 3339 with offset; absent = now), with optional
 * `title` and `emptyTimeoutSeconds`. The caller is its creator and holds the first seat.
 * Returns `{ id, status, startsAt }` (startsAt in UTC).
 */
export const scheduleCall = onCall(async (request) => {
  const uid = requireUid(request);
  const created = await callService().scheduleCall(uid, request.data).catch(toHttpsError);
  return { id: created.id, status: created.status, startsAt: new Date(created.startsAtMs).toISOString() };
});
