import { defineBoolean, defineInt, defineSecret, defineString } from "firebase-functions/params";
import { DEFAULT_EMPTY_TIMEOUT_SECONDS, EMPTY_TIMEOUT_BOUNDS } from "./shared/call-model.js";

/**
 * Deployment settings (firebase-functions params). Values come from functions/.env (committed
 * defaults), functions/.env.<project-id> (per deployment) and, in the emulator, functions/.env.local;
 * the secret from Secret Manager (`firebase functions:secrets:set TURN_SECRET`) or, in the
 * emulator, functions/.secret.local. scripts/local-turn.mjs writes both local files for
 * `npm start` and tests.
 */

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

export const STUN_URLS = defineString("STUN_URLS", {
  default: "stun:stun.l.google.com:19302",
  description: "Comma-separated STUN URLs handed to clients (empty for none).",
});

export const TURN_URLS = defineString("TURN_URLS", {
  default: "",
  description: "Comma-separated TURN URLs of your coturn (empty: STUN only), e.g. turn:turn.example.org:3478",
});

export const TURN_CREDENTIAL_TTL_SECONDS = defineInt("TURN_CREDENTIAL_TTL_SECONDS", {
  default: 4 * 3600,
  description: "How long a TURN credential stays valid; it must cover a long call.",
});

/** Where the web app is served: the REST API's hostUrl, guestUrl and icsUrl start with it. */
export const APP_BASE_URL = defineString("APP_BASE_URL", {
  default: "http://127.0.0.1:5173",
  description: "The web app's origin, e.g. https://firecall.example.org (no trailing slash).",
});

/** REST API requests per minute per API key (a key may carry its own limit). */
export const API_RATE_LIMIT_PER_MINUTE = defineInt("API_RATE_LIMIT_PER_MINUTE", {
  default: 120,
  description: "REST API requests per minute per API key.",
});

/**
 * Per-person creation quotas (a token bucket per person and kind: calls, and rooms opened anew):
 * this many at once, refilled at the hourly rate. Over it, createCall, scheduleCall and openRoom
 * answer `resource-exhausted` with `retryAfterSeconds` in the error's details.
 */
export const USER_CREATE_BURST = defineInt("USER_CREATE_BURST", {
  default: 20,
  description: "Calls (and, separately, rooms) one person may create at once before the hourly rate applies.",
});

export const USER_CREATE_PER_HOUR = defineInt("USER_CREATE_PER_HOUR", {
  default: 60,
  description: "Calls (and, separately, rooms) one person may create per hour, sustained.",
});

/**
 * Whether the callable functions refuse requests without a valid Firebase App Check token. Turn it
 * on once the web app is built with VITE_APP_CHECK_SITE_KEY (README, "Security model"); it is
 * always off under the emulator.
 */
export const APP_CHECK_ENFORCED = defineBoolean("APP_CHECK_ENFORCED", {
  default: false,
  description: "Refuse callable requests without a valid App Check token (off under the emulator).",
});

/** Requests with a wrong API key one client address may send per minute before it gets 429. */
export const API_AUTH_FAILURES_PER_MINUTE = defineInt("API_AUTH_FAILURES_PER_MINUTE", {
  default: 30,
  description: "REST API requests with an invalid API key per client address per minute.",
});

/** Expired records (retention.ts) the lifecycle sweep deletes per collection per minute; 0 leaves it to TTL policies. */
export const RETENTION_SWEEP_BATCH = defineInt("RETENTION_SWEEP_BATCH", {
  default: 200,
  description: "Expired records the sweep deletes per collection per run (0: only Firestore TTL policies delete them).",
});

/** coturn's `static-auth-secret`. */
export const TURN_SECRET = defineSecret("TURN_SECRET");
