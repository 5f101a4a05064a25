import { FirecallError } from "@firecall/model";
import { logger } from "firebase-functions/v2";
import { throttleSubject } from "./client-address.js";
import type { ApiDeps } from "./context.js";
import { openApiDocument } from "./openapi.js";
import { API_KEY_REASONS, problemOf } from "./problems.js";
import { matchRoute } from "./router.js";
import type { ApiRequest, ApiResponse } from "./types.js";

/**
 * One REST request, start to end: route, authenticate, rate-limit, check scope, run the route.
 * Every refusal becomes a problem+json answer (problems.ts); nothing is written before all checks
 * pass (the rate-limit counters aside).
 */
export async function handleApiRequest(req: ApiRequest, deps: ApiDeps): Promise<ApiResponse> {
  try {
    if (req.path === "/v1/openapi.json" && req.method === "GET") return { status: 200, body: openApiDocument() };
    const { route, params } = matchRoute(req.method, req.path);
    const header = req.header("authorization");
    // An address that sent too many wrong keys is refused before its key is looked up (no read).
    const subject = throttleSubject(req.clientAddress);
    const blocked = deps.authFailures.retryAfter(subject);
    if (blocked !== null) throw tooManyAuthFailures(blocked);
    const key = await deps.keys.authenticate(header).catch(async (err: unknown) => {
      if (err instanceof FirecallError && API_KEY_REASONS.includes(err.reason)) {
        const wait = err.reason === "missing_api_key" ? null : await deps.authFailures.recordFailure(subject);
        if (wait !== null) throw tooManyAuthFailures(wait);
      }
      throw err;
    });
    const retryAfter = await deps.keys.throttle(key.keyId, key.rateLimitPerMinute ?? deps.rateLimitPerMinute);
    if (retryAfter !== null) {
      throw new FirecallError("rate_limited", `Try again in ${retryAfter} s.`, { retryAfterSeconds: retryAfter });
    }
    if (route.write && key.readOnly) throw new FirecallError("insufficient_scope", "This API key is read-only.");
    const apiKey = /^Bearer\s+(\S+)/i.exec(header ?? "")![1]!;
    return await route.handler({ req, deps, params, principal: { ...key, apiKey } });
  } catch (err) {
    const refusal = err instanceof FirecallError ? err : new FirecallError("internal", "Unexpected failure.");
    const problem = problemOf(refusal, req.path);
    if (problem.status >= 500) logger.error("REST API request failed", { path: req.path, err });
    return problem;
  }
}

function tooManyAuthFailures(retryAfter: number): FirecallError {
  return new FirecallError(
    "too_many_auth_failures",
    `Too many requests with an invalid API key came from this address; try again in ${retryAfter} s.`,
    { retryAfterSeconds: retryAfter },
  );
}
