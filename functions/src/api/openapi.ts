import document from "../../openapi.json";

/**
 * The OpenAPI 3.1 document (functions/openapi.json). The build inlines it into the functions'
 * bundle, so what is served is what was built, wherever the bundle runs.
 */
export function openApiDocument(): unknown {
  return document;
}
