import { FirecallError } from "@firecall/model";

/** Refuses a request with a field that is not one of `allowed`, naming it and the fields there are. */
export function rejectUnknownFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined) {
    throw new FirecallError(
      "invalid_request",
      `Unknown field "${unknown.slice(0, 40)}": the fields are ${allowed.join(", ")}.`,
    );
  }
}
