import { HttpsError, type CallableRequest } from "firebase-functions/v2/https";
import { CallServiceError } from "../service/call-service.js";
import { requireAppCheck } from "./app-check.js";

/**
 * The caller's uid, or an `unauthenticated` error: every callable checks this first. It also
 * checks the App Check token when App Check is enforced (app-check.ts).
 */
export function requireUid(request: CallableRequest<unknown>): string {
  requireAppCheck(request);
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError("unauthenticated", "Sign in first.");
  return uid;
}

/** Maps service failures to HttpsError so the client gets a code (and details) it can act on. */
export function toHttpsError(err: unknown): never {
  if (err instanceof CallServiceError) throw new HttpsError(err.code, err.message, err.details);
  throw err;
}
