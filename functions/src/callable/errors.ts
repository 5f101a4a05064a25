import { HttpsError, type CallableRequest } from "firebase-functions/v2/https";
import { CallServiceError } from "../service/call-service.js";

/** The caller's uid, or an `unauthenticated` error: every callable checks auth first. */
export function requireUid(request: CallableRequest<unknown>): string {
  const uid = request.auth?.uid;
  if (!uid) throw new HttpsError("unauthenticated", "Sign in first.");
  return uid;
}

/** Maps service failures to HttpsError so the client gets a code and a message it can show. */
export function toHttpsError(err: unknown): never {
  if (err instanceof CallServiceError) throw new HttpsError(err.code, err.message);
  throw err;
}
