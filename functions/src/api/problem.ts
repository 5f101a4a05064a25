/**
 * RFC 9457 problem details. Every error the REST API answers is one of these, with a stable `code`
 * that integrators can switch on (documented in docs/api.md and the OpenAPI document).
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }

  /** The problem document (`type` is a stable URI per code; `instance` is the request path). */
  body(instance: string): Record<string, unknown> {
    return {
      type: `https://firecall.dev/problems/${this.code.replace(/_/g, "-")}`,
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail ? { detail: this.detail } : {}),
      instance,
    };
  }
}

/** Shorthands for the problems more than one module raises. */
export const problems = {
  invalidRequest: (detail: string) => new ApiProblem(400, "invalid_request", "The request is not valid.", detail),
  callNotFound: () =>
    new ApiProblem(404, "call_not_found", "No such call.", "There is no call with this id for this API key's app."),
  notFound: (detail = "There is no such endpoint.") => new ApiProblem(404, "not_found", "Not found.", detail),
};
