import { logger } from "firebase-functions/v2";
import { ApiKeyError } from "../service/api-key-service.js";
import { throttleSubject } from "./client-address.js";
import type { ApiDeps } from "./context.js";
import { openApiDocument } from "./openapi.js";
import { ApiProblem } from "./problem.js";
import { matchRoute } from "./router.js";
import type { ApiRequest, ApiResponse } from "./types.js";

/**
 * One REST request, start to end: route, authenticate, rate-limit, check scope, run the route.
 * Every failure becomes a problem+json answer; nothing is written before all checks pass (the
 * rate-limit counters aside).
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
      if (err instanceof ApiKeyError) {
        const wait = err.reason === "missing_api_key" ? null : await deps.authFailures.recordFailure(subject);
        if (wait !== null) throw tooManyAuthFailures(wait);
        throw new ApiProblem(401, err.reason, "Not authenticated.", err.message, {
          "WWW-Authenticate": 'Bearer realm="firecall"',
        });
      }
      throw err;
    });
    const retryAfter = await deps.keys.throttle(key.keyId, key.rateLimitPerMinute ?? deps.rateLimitPerMinute);
    if (retryAfter !== null) {
      throw new ApiProblem(429, "rate_limited", "Too many requests.", `Try again in ${retryAfter} s.`, {
        "Retry-After": String(retryAfter),
      });
    }
    if (route.write && key.readOnly) {
      throw new ApiProblem(403, "insufficient_scope", "Not allowed.", "This API key is read-only.");
    }
    const apiKey = /^Bearer\s+(\S+)/i.exec(header ?? "")![1]!;
    return await route.handler({ req, deps, params, principal: { ...key, apiKey } });
  } catch (err) {
    const problem =
      err instanceof ApiProblem ? err : new ApiProblem(500, "internal", "Something went wrong on our side.");
    if (!(err instanceof ApiProblem)) logger.error("REST API request failed", { path: req.path, err });
    return { status: problem.status, headers: problem.headers, body: problem.body(req.path) };
  }
}

function tooManyAuthFailures(retryAfter: number): ApiProblem {
  return new ApiProblem(
    429,
    "too_many_auth_failures",
    "Too many invalid API keys.",
    `Too many requests with an invalid API key came from this address; try again in ${retryAfter} s.`,
    { "Retry-After": String(retryAfter) },
  );
}
