import { createHmac } from "node:crypto";
import type { ApiKeyService } from "../service/api-key-service.js";
import type { AuthFailureThrottle } from "../service/auth-failure-throttle.js";
import type { CallService } from "../service/call-service.js";
import type { WebhookService } from "../service/webhook-service.js";
import type { Links } from "./call-view.js";
import type { ApiPrincipal, ApiRequest, ApiResponse } from "./types.js";

/** What the REST API needs from the outside world; services.ts wires the real ones. */
export interface ApiDeps {
  calls: CallService;
  keys: ApiKeyService;
  /** Wrong API keys per client address. */
  authFailures: AuthFailureThrottle;
  webhooks: WebhookService;
  links: Links;
  /** Requests per minute per key, unless the key has its own limit. */
  rateLimitPerMinute: number;
  now(): number;
}

/** One authenticated request on its way through a route. */
export interface RouteContext {
  req: ApiRequest;
  principal: ApiPrincipal;
  deps: ApiDeps;
  /** The path's captures, e.g. the call id. */
  params: string[];
}

export type RouteHandler = (ctx: RouteContext) => Promise<ApiResponse>;

/**
 * The secret of a call's host link, derived from the API key that created the call: nothing secret
 * is stored, and a replayed request (same key) shows the same link.
 */
export function hostKeyFor(apiKey: string, callId: string): string {
  return createHmac("sha256", apiKey).update(`host-link\n${callId}`).digest("base64url");
}
