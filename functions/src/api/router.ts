import { callIcs, createCall, endCall, getCall, listCalls, rescheduleCall } from "./call-routes.js";
import type { RouteHandler } from "./context.js";
import { FirecallError } from "@firecall/model";
import { deleteWebhook, listWebhooks, registerWebhook } from "./webhook-routes.js";

export interface Route {
  method: string;
  pattern: RegExp;
  /** Whether the route changes something (refused for read-only keys). */
  write: boolean;
  handler: RouteHandler;
}

const ID = "([a-z0-9-]{1,64})";

/** Every authenticated endpoint; GET /v1/openapi.json is served before authentication. */
export const ROUTES: Route[] = [
  { method: "POST", pattern: /^\/v1\/calls$/, write: true, handler: createCall },
  { method: "GET", pattern: /^\/v1\/calls$/, write: false, handler: listCalls },
  { method: "GET", pattern: new RegExp(`^/v1/calls/${ID}\\.ics$`), write: false, handler: callIcs },
  { method: "GET", pattern: new RegExp(`^/v1/calls/${ID}$`), write: false, handler: getCall },
  { method: "PATCH", pattern: new RegExp(`^/v1/calls/${ID}$`), write: true, handler: rescheduleCall },
  { method: "POST", pattern: new RegExp(`^/v1/calls/${ID}/end$`), write: true, handler: endCall },
  { method: "POST", pattern: /^\/v1\/webhooks$/, write: true, handler: registerWebhook },
  { method: "GET", pattern: /^\/v1\/webhooks$/, write: false, handler: listWebhooks },
  { method: "DELETE", pattern: /^\/v1\/webhooks\/([A-Za-z0-9_]{1,64})$/, write: true, handler: deleteWebhook },
];

/** The route for a request and the path's captures; 404 for an unknown path, 405 for a wrong method. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method === method) return { route, params: m.slice(1) };
    allowed.push(route.method);
  }
  if (allowed.length === 0) {
    // A call path whose id cannot be a call id: not found either way, with the call's code.
    if (/^\/v1\/calls\/[^/]+(\/end|\.ics)?$/.test(path)) {
      throw new FirecallError("call_not_found", "There is no call with this id for this API key's app.");
    }
    throw new FirecallError("not_found", "There is no such endpoint.");
  }
  throw new FirecallError("method_not_allowed", `Use ${allowed.join(", ")}.`, { allow: allowed });
}
