import { WebhookServiceError } from "../service/webhook-service.js";
import { readJsonBody } from "./body.js";
import type { RouteContext } from "./context.js";
import { ApiProblem, problems } from "./problem.js";
import type { ApiResponse } from "./types.js";

function toProblem(err: unknown): never {
  if (err instanceof WebhookServiceError) {
    if (err.reason === "webhook_not_found") throw new ApiProblem(404, err.reason, "No such webhook.", err.message);
    if (err.reason === "invalid_webhook_url")
      throw new ApiProblem(422, err.reason, "The webhook URL is not allowed.", err.message);
    if (err.reason === "webhook_limit_reached")
      throw new ApiProblem(409, err.reason, "Too many webhook endpoints.", err.message);
    throw problems.invalidRequest(err.message);
  }
  throw err;
}

/** POST /v1/webhooks: registers an endpoint; the signing secret is in this answer only. */
export async function registerWebhook({ req, principal, deps }: RouteContext): Promise<ApiResponse> {
  const body = readJsonBody(req);
  const unknown = Object.keys(body).find((k) => k !== "url" && k !== "events");
  if (unknown !== undefined)
    throw problems.invalidRequest(`Unknown field "${unknown.slice(0, 40)}": the fields are url, events.`);
  const hook = await deps.webhooks.register(principal.appId, body.url, body.events, deps.now()).catch(toProblem);
  return { status: 201, body: hook };
}

/** GET /v1/webhooks */
export async function listWebhooks({ principal, deps }: RouteContext): Promise<ApiResponse> {
  return { status: 200, body: { webhooks: await deps.webhooks.list(principal.appId) } };
}

/** DELETE /v1/webhooks/{id} */
export async function deleteWebhook({ principal, deps, params }: RouteContext): Promise<ApiResponse> {
  await deps.webhooks.remove(principal.appId, params[0] ?? "").catch(toProblem);
  return { status: 204 };
}
