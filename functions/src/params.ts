import { defineInt } from "firebase-functions/params";
import { DEFAULT_EMPTY_TIMEOUT_SECONDS, EMPTY_TIMEOUT_BOUNDS } from "./shared/call-model.js";

// Deployment settings (firebase-functions params). Override per project in functions/.env.<project>
// or answer the prompt on `firebase deploy`.

/** How long a call lives with nobody in it, when the call does not choose its own. */
export const callEmptyTimeoutSeconds = defineInt("CALL_EMPTY_TIMEOUT_SECONDS", {
  default: DEFAULT_EMPTY_TIMEOUT_SECONDS,
  description: `Grace period of an empty call, in seconds (${EMPTY_TIMEOUT_BOUNDS.minSeconds}–${EMPTY_TIMEOUT_BOUNDS.maxSeconds}).`,
});

/** How long after its start a call that nobody ever joined lives. */
export const callUnusedTimeoutSeconds = defineInt("CALL_UNUSED_TIMEOUT_SECONDS", {
  default: 3600,
  description: "How long after its start a call that nobody joined expires, in seconds.",
});
