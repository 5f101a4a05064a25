// Checks responses against functions/openapi.json: a small validator for the part of JSON Schema
// 2020-12 the document uses (type, enum, const-free; properties, required, additionalProperties,
// propertyNames, min/maxProperties, items, min/max, min/maxLength, pattern, format date-time/uri,
// $ref to components). An unknown keyword fails loudly, so the document cannot outgrow it silently.
import { readFileSync } from "node:fs";

type Schema = Record<string, unknown>;

export const OPENAPI = JSON.parse(readFileSync(new URL("../../functions/openapi.json", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, Schema> };
};

const KNOWN = new Set([
  "type",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "maxProperties",
  "minProperties",
  "items",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "$ref",
  "description",
  "default",
]);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Errors of `value` against `schema` ("" when valid), each with the JSON path where it is. */
export function validate(schema: Schema, value: unknown, at = "$"): string[] {
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) return [`${at}: validator does not know keyword ${k}`];
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = OPENAPI.components.schemas[name];
    return target ? validate(target, value, at) : [`${at}: unknown $ref ${schema.$ref}`];
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const ok = types.includes(actual) || (actual === "integer" && types.includes("number"));
    if (!ok) return [`${at}: expected ${types.join("|")}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === "string") {
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) errors.push(`${at}: too long`);
    if (typeof schema.minLength === "number" && value.length < schema.minLength) errors.push(`${at}: too short`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) {
      errors.push(`${at}: does not match ${schema.pattern}`);
    }
    if (schema.format === "date-time" && !RFC3339.test(value)) errors.push(`${at}: not a date-time`);
    if (schema.format === "uri" && !URL.canParse(value)) errors.push(`${at}: not a URI`);
  }
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) errors.push(`${at}: below minimum`);
    if (typeof schema.maximum === "number" && value > schema.maximum) errors.push(`${at}: above maximum`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, i) => errors.push(...validate(schema.items as Schema, item, `${at}[${i}]`)));
  }
  if (actual === "object") {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in obj)) errors.push(`${at}: missing ${name}`);
    const count = Object.keys(obj).length;
    if (typeof schema.maxProperties === "number" && count > schema.maxProperties)
      errors.push(`${at}: too many properties`);
    if (typeof schema.minProperties === "number" && count < schema.minProperties)
      errors.push(`${at}: too few properties`);
    for (const [name, v] of Object.entries(obj)) {
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames as Schema, name, `${at}{${name}}`));
      if (props[name]) errors.push(...validate(props[name], v, `${at}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${at}: unexpected property ${name}`);
      else if (typeof schema.additionalProperties === "object") {
        errors.push(...validate(schema.additionalProperties as Schema, v, `${at}.${name}`));
      }
    }
  }
  return errors;
}

/** The documented path template for a concrete path, e.g. /v1/calls/{id}.ics for /v1/calls/abcd-….ics. */
export function pathTemplate(path: string): string | null {
  // Longest first: /v1/calls/{id}.ics before /v1/calls/{id}.
  for (const template of Object.keys(OPENAPI.paths).sort((a, b) => b.length - a.length)) {
    const re = new RegExp(`^${template.replace(/\./g, "\\.").replace(/\{[^}]+\}/g, "[^/]+?")}$`);
    if (re.test(path)) return template;
  }
  return null;
}

/**
 * Errors of one response against the document: the operation must exist, document the status,
 * the content type, and the body must fit the schema.
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  contentType: string | null,
  body: unknown,
): string[] {
  const template = pathTemplate(path);
  const operation = template
    ? (OPENAPI.paths[template]![method.toLowerCase()] as
        { responses: Record<string, { content?: Record<string, { schema: Schema }> }> } | undefined)
    : undefined;
  if (!operation) {
    // No such endpoint: the answer is still a documented problem (404 not_found, 405 method_not_allowed).
    if ((status === 404 || status === 405) && contentType?.startsWith("application/problem+json")) {
      return validate({ $ref: "#/components/schemas/Problem" }, body);
    }
    return [`undocumented operation ${method} ${path}`];
  }
  const response = operation.responses[String(status)];
  if (!response) return [`${method} ${template}: status ${status} is not documented`];
  if (!response.content) return body === undefined || body === "" ? [] : [`${status} should have no body`];
  const type = (contentType ?? "").split(";")[0]!.trim();
  const media = response.content[type];
  if (!media) return [`${method} ${template} ${status}: content type ${type} is not documented`];
  return validate(media.schema, body);
}
