import { FirecallError } from "@firecall/model";
import type { CallableRequest } from "firebase-functions/v2/https";
import { requireAppCheck } from "./app-check.js";
import { httpsErrorOf } from "./https-errors.js";

/**
 * The caller's uid, or an `unauthenticated` error: every callable checks this first. It also
 * checks the App Check token when App Check is enforced (app-check.ts).
 */
export function requireUid(request: CallableRequest<unknown>): string {
  requireAppCheck(request);
  const uid = request.auth?.uid;
  if (!uid) throw httpsErrorOf(new FirecallError("sign_in_required", "Sign in first."));
  return uid;
}
