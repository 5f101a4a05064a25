import { ApiProblem } from "./problem.js";
import type { ApiRequest } from "./types.js";

/** Request bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 16 * 1024;

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
  return parsed as Record<string, unknown>;
}
