import { onCall } from "firebase-functions/v2/https";
import { requireAppCheck } from "./app-check.js";

/** The server's clock (`{ nowMs }`), so a lobby counts down in server time, not the device's. */
export const serverTime = onCall((request) => {
  requireAppCheck(request);
  return { nowMs: Date.now() };
});
