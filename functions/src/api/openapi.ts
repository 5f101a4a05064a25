import { readFileSync } from "node:fs";
import { join } from "node:path";

let document: unknown;

/** The OpenAPI 3.1 document (functions/openapi.json, deployed with the functions). */
export function openApiDocument(): unknown {
  // src/api and lib/api are both two levels below functions/.
  document ??= JSON.parse(readFileSync(join(__dirname, "..", "..", "openapi.json"), "utf8"));
  return document;
}
