// One error vocabulary (@firecall/model errors.ts): each reason has one HttpsError code for the
// callables and one problem+json for the REST API, and the REST side agrees with the OpenAPI
// document and docs/api.md. The web reads the reason from the details, never the message.
import { readFileSync } from "node:fs";
import { FirecallError, REASONS, reasonOf, type Reason } from "@firecall/model";
import { HttpsError } from "firebase-functions/v2/https";
import { describe, expect, it } from "vitest";
import { httpsErrorOf } from "../../functions/src/callable/https-errors";
import { problemOf } from "../../functions/src/api/problems";
import { OPENAPI } from "../support/openapi-validator";

/**
 * Reasons only the callables (or the admin script) raise: the REST API never answers them (an app
 * ends its own calls, so not_host is the callables' endCall and claimHost only).
 */
const NOT_REST: Reason[] = [
  "not_host",
  "sign_in_required",
  "app_not_verified",
  "not_participant",
  "call_not_started",
  "invalid_room_name",
  "quota_exceeded",
  "invalid_app_name",
];

const problemCodes = (
  OPENAPI as unknown as { components: { schemas: { Problem: { properties: { code: { enum: string[] } } } } } }
).components.schemas.Problem.properties.code.enum;

/** "status code" pairs from docs/api.md's error table (`| 400 | \`a\`, \`b\` | …`). */
const documented = new Set(
  [...readFileSync("docs/api.md", "utf8").matchAll(/^\| (\d{3}) +\| ([^|]+)\|/gm)].flatMap(([, status, codes]) =>
    [...codes!.matchAll(/`(\w+)`/g)].map(([, code]) => `${status} ${code}`),
  ),
);

describe("the REST API's problems", () => {
  it("use only codes the OpenAPI document and docs/api.md list, with the documented status", () => {
    for (const reason of REASONS.filter((r) => !NOT_REST.includes(r))) {
      const { status, body } = problemOf(new FirecallError(reason, "What went wrong."), "/v1/calls");
      expect(problemCodes, reason).toContain(body.code);
      expect(documented, reason).toContain(`${status} ${String(body.code)}`);
    }
  });

  it("have the RFC 9457 shape, the message as detail, and an id that cannot exist answers as not found", () => {
    expect(problemOf(new FirecallError("invalid_call_id", "callId must be a call id."), "/v1/calls/x")).toEqual({
      status: 404,
      headers: {},
      body: {
        type: "https://firecall.dev/problems/call-not-found",
        title: "No such call.",
        status: 404,
        code: "call_not_found",
        detail: "callId must be a call id.",
        instance: "/v1/calls/x",
      },
    });
  });

  it("say no more than the title when the message repeats it, and never show our own failure's message", () => {
    expect(
      problemOf(new FirecallError("invalid_json", "The request body is not valid JSON."), "/").body,
    ).not.toHaveProperty("detail");
    const internal = problemOf(new FirecallError("internal", "Could not allocate a call id."), "/v1/calls");
    expect(internal).toMatchObject({
      status: 500,
      body: { code: "internal", title: "Something went wrong on our side." },
    });
    expect(internal.body).not.toHaveProperty("detail");
  });

  it("carry the headers their status calls for", () => {
    const headers = (err: FirecallError) => problemOf(err, "/").headers;
    expect(headers(new FirecallError("rate_limited", "Try again in 7 s.", { retryAfterSeconds: 7 }))).toEqual({
      "Retry-After": "7",
    });
    expect(headers(new FirecallError("method_not_allowed", "Use GET, PATCH.", { allow: ["GET", "PATCH"] }))).toEqual({
      Allow: "GET, PATCH",
    });
    expect(headers(new FirecallError("unsupported_media_type", "Send JSON."))).toEqual({
      "Accept-Post": "application/json",
    });
    expect(headers(new FirecallError("revoked_api_key", "The API key was revoked."))).toEqual({
      "WWW-Authenticate": 'Bearer realm="firecall"',
    });
  });
});

describe("the callables' HttpsErrors", () => {
  it("give every reason a code, and carry the reason and its details", () => {
    for (const reason of REASONS) expect(httpsErrorOf(new FirecallError(reason, "x"))).toBeInstanceOf(HttpsError);
    const quota = httpsErrorOf(new FirecallError("quota_exceeded", "Later.", { quota: "calls", retryAfterSeconds: 9 }));
    expect({ code: quota.code, message: quota.message, details: quota.details }).toEqual({
      code: "resource-exhausted",
      message: "Later.",
      details: { reason: "quota_exceeded", quota: "calls", retryAfterSeconds: 9 },
    });
    expect(httpsErrorOf(new FirecallError("not_host", "x")).code).toBe("permission-denied");
    expect(httpsErrorOf(new FirecallError("sign_in_required", "x")).code).toBe("unauthenticated");
    expect(httpsErrorOf(new FirecallError("call_not_started", "x")).code).toBe("failed-precondition");
  });
});

describe("reasonOf", () => {
  it("reads the reason from the details, and nothing else", () => {
    expect(reasonOf({ code: "functions/permission-denied", details: { reason: "not_host" } })).toBe("not_host");
    expect(reasonOf({ message: "not_host", details: {} })).toBeNull();
    expect(reasonOf({ details: { reason: "made_up" } })).toBeNull();
    expect(reasonOf({ details: "not_host" })).toBeNull();
    expect(reasonOf(undefined)).toBeNull();
  });
});
