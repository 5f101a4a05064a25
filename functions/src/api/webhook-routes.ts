import { rejectUnknownFields } from "../service/request-fields.js";
import { readJsonBody } from "./body.js";
import type { RouteContext } from "./context.js";
import type { ApiResponse } from "./types.js";

/** POST /v1/webhooks: registers an endpoint; the signing secret is in this answer only. */
export async function registerWebhook({ req, principal, deps }: RouteContext): Promise<ApiResponse> {
  const body = readJsonBody(req);
  rejectUnknownFields(body, ["url", "events"]);
  const hook = await deps.webhooks.register(principal.appId, body.url, body.events, deps.now());
  return { status: 201, body: hook };
}

/** GET /v1/webhooks */
export async function listWebhooks({ principal, deps }: RouteContext): Promise<ApiResponse> {
  return { status: 200, body: { webhooks: await deps.webhooks.list(principal.appId) } };
}

/** DELETE /v1/webhooks/{id} */
export async function deleteWebhook({ principal, deps, params }: RouteContext): Promise<ApiResponse> {
  await deps.webhooks.remove(principal.appId, params[0] ?? "");
  return { status: 204 };
}
