import { ApiProblem } from "./problem.js";
import type { ApiRequest } from "./types.js";

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 16 * 1024;

/** No request needs more than two levels (a call's metadata); deeper JSON is refused before anything walks it. */
export const MAX_JSON_DEPTH = 8;

/** How deeply `value` nests arrays and objects, counted without recursion, stopping past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The JSON object a write request carries: checks size, content type and syntax, in that order.
 * An absent body is `{}` only when `emptyIsObject` (POST /end needs no body).
 */
export function readJsonBody(req: ApiRequest, emptyIsObject = false): Record<string, unknown> {
  const raw = req.rawBody;
  if (raw && raw.length > MAX_BODY_BYTES) {
    throw new ApiProblem(
      413,
      "payload_too_large",
      "The request body is too large.",
      `At most ${MAX_BODY_BYTES} bytes.`,
    );
  }
  if (!raw || raw.length === 0) {
    if (emptyIsObject) return {};
    throw new ApiProblem(400, "invalid_json", "The request body is missing.", "Send a JSON object.");
  }
  const type = (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiProblem(
      415,
      "unsupported_media_type",
      "Unsupported content type.",
      "Send the body as Content-Type: application/json.",
      { "Accept-Post": "application/json" },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch {
    throw new ApiProblem(400, "invalid_json", "The request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ApiProblem(400, "invalid_json", "The request body must be a JSON object.");
  }
  if (jsonDepth(parsed, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ApiProblem(
      400,
      "invalid_json",
      "The request body is nested too deeply.",
      `JSON objects and arrays may nest at most ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  return parsed as Record<string, unknown>;
}
