import { onCall } from "firebase-functions/v2/https";

/** The server's clock (`{ nowMs }`), so a lobby counts down in server time, not the device's. */
export const serverTime = onCall(() => ({ nowMs: Date.now() }));
