import { buildIcs, FirecallError } from "@firecall/model";
import { readJsonBody } from "./body.js";
import { callView, guestUrl, hostUrl } from "./call-view.js";
import { hostKeyFor, type RouteContext } from "./context.js";
import { idempotencyOf } from "./idempotency.js";
import type { ApiResponse } from "./types.js";
import { encodeCursor, readCreateBody, readListQuery, readPatchBody } from "./validate.js";

/** POST /v1/calls */
export async function createCall({ req, principal, deps }: RouteContext): Promise<ApiResponse> {
  const body = readJsonBody(req);
  const request = readCreateBody(body);
  const idempotency = idempotencyOf(req, principal.appId, body);
  const hostKey = (id: string) => hostKeyFor(principal.apiKey, id);
  const created = await deps.calls.scheduleForApp(request.core, {
    appId: principal.appId,
    keyId: principal.keyId,
    hostName: request.hostName,
    guestName: request.guestName,
    metadata: request.metadata,
    hostKeyFor: hostKey,
    idempotency,
  });
  const { call, replayed } = created;
  return {
    status: 201,
    headers: {
      Location: `/api/v1/calls/${call.id}`,
      ...(replayed ? { "Idempotent-Replayed": "true" } : {}),
    },
    body: { ...callView(deps.links, call), hostUrl: hostUrl(deps.links, call.id, hostKey(call.id)) },
  };
}

/** GET /v1/calls/{id} */
export async function getCall({ principal, deps, params }: RouteContext): Promise<ApiResponse> {
  const call = await deps.calls.getForApp(principal.appId, params[0]);
  return { status: 200, body: callView(deps.links, call) };
}

/** GET /v1/calls */
export async function listCalls({ req, principal, deps }: RouteContext): Promise<ApiResponse> {
  const q = readListQuery(req.query);
  const rows = await deps.calls.listForApp({
    appId: principal.appId,
    status: q.status,
    fromMs: q.fromMs,
    toMs: q.toMs,
    after: q.cursor,
    limit: q.limit,
  });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > q.limit && last ? encodeCursor(last.startsAtMs, last.id) : null;
  return { status: 200, body: { calls: page.map((c) => callView(deps.links, c)), nextCursor } };
}

/** PATCH /v1/calls/{id} */
export async function rescheduleCall({ req, principal, deps, params }: RouteContext): Promise<ApiResponse> {
  const changes = readPatchBody(readJsonBody(req));
  const call = await deps.calls.rescheduleForApp(principal.appId, params[0], changes);
  return { status: 200, body: callView(deps.links, call) };
}

/** POST /v1/calls/{id}/end: ends an open call, cancels a scheduled one; again changes nothing. */
export async function endCall({ req, principal, deps, params }: RouteContext): Promise<ApiResponse> {
  const body = readJsonBody(req, true);
  if (Object.keys(body).length > 0) {
    throw new FirecallError("invalid_request", "This endpoint takes no fields.");
  }
  const call = await deps.calls.endForApp(principal.appId, params[0]);
  return { status: 200, body: callView(deps.links, call) };
}

/** GET /v1/calls/{id}.ics: the calendar entry; a cancelled call gives METHOD:CANCEL. */
export async function callIcs({ principal, deps, params }: RouteContext): Promise<ApiResponse> {
  const call = await deps.calls.getForApp(principal.appId, params[0]);
  const text = buildIcs({
    id: call.id,
    title: call.title,
    startsAtMs: call.startsAtMs,
    joinUrl: guestUrl(deps.links, call.id),
    stampMs: deps.now(),
    sequence: call.sequence,
    cancelled: call.status === "cancelled",
  });
  return {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${call.id}.ics"`,
    },
    text,
  };
}
