import { HttpsError, type CallableRequest } from "firebase-functions/v2/https";
import { APP_CHECK_ENFORCED } from "../params.js";

/**
 * Whether callables refuse requests without a valid App Check token: when the deployment says so
 * (APP_CHECK_ENFORCED), never under the emulator (it has no attestation provider to verify with).
 */
export function appCheckEnforced(
  env: NodeJS.ProcessEnv = process.env,
  enforced = () => APP_CHECK_ENFORCED.value(),
): boolean {
  return env.FUNCTIONS_EMULATOR !== "true" && enforced();
}

/**
 * Refuses a request that carries no verified App Check token while App Check is enforced. The
 * platform verifies the token before the handler runs and leaves `request.app` unset when it is
 * missing or invalid; deciding here (rather than with the static `enforceAppCheck` option) lets a
 * deployment parameter turn it on without changing code.
 */
export function requireAppCheck(request: Pick<CallableRequest<unknown>, "app">, enforced = appCheckEnforced()): void {
  if (enforced && !request.app) {
    throw new HttpsError(
      "unauthenticated",
      "This app could not be verified (App Check). Reload the page and try again.",
    );
  }
}
