// The REST router and the OpenAPI document describe the same endpoints, both ways.
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../functions/src/api/router";
import { OPENAPI, pathTemplate } from "../support/openapi-validator";

const SAMPLE_IDS: Record<string, string> = { id: "abcd-efgh-ijkm-nopq", webhookId: "wh_0123456789abcdef01234567" };
const concrete = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_IDS[name] ?? "x");

describe("OpenAPI document and router", () => {
  it("documents every route", () => {
    for (const route of ROUTES) {
      const template = Object.keys(OPENAPI.paths).find(
        (t) => route.pattern.test(concrete(t)) && pathTemplate(concrete(t)) === t,
      );
      expect(template, `${route.method} ${route.pattern}`).toBeDefined();
      expect(OPENAPI.paths[template!]![route.method.toLowerCase()], `${route.method} ${template}`).toBeDefined();
    }
  });

  it("routes every documented operation", () => {
    for (const [template, item] of Object.entries(OPENAPI.paths)) {
      for (const method of Object.keys(item).filter((k) => ["get", "post", "patch", "delete"].includes(k))) {
        if (template === "/v1/openapi.json") continue; // served before routing, without a key
        const path = concrete(template);
        const route = ROUTES.find((r) => r.method === method.toUpperCase() && r.pattern.test(path));
        expect(route, `${method} ${template}`).toBeDefined();
      }
    }
  });
});
