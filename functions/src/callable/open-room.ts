import { onCall } from "firebase-functions/v2/https";
import { requireUid, toHttpsError } from "./errors.js";
import { roomService } from "../services.js";

/**
 * `{ name }` → `{ id, created, full }`: the call id for a room name, creating the room on first
 * use. `full` means both seats are held by people who are still there; asking again later frees
 * the seats of those who have gone.
 */
export const openRoom = onCall(async (request) => {
  const uid = requireUid(request);
  const data = request.data as { name?: unknown } | null;
  return roomService().openRoom(uid, data?.name).catch(toHttpsError);
});
