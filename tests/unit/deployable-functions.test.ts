// `firebase deploy` uploads functions/ and Cloud Build installs it on its own: no workspace, no
// parent folder, only functions/package.json. This builds the bundle exactly as `npm run build`
// does, into a folder of its own with that package.json and nothing but its declared dependencies,
// and loads it in a fresh Node process there.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFunctions, FUNCTIONS_DIR, runtimeDependencies } from "../../scripts/build-functions.mjs";

const run = promisify(execFile);
const ROOT_MODULES = join(FUNCTIONS_DIR, "..", "node_modules");
const manifest = JSON.parse(readFileSync(join(FUNCTIONS_DIR, "package.json"), "utf8")) as Record<string, unknown>;
const workspacePackages = (
  JSON.parse(readFileSync(join(FUNCTIONS_DIR, "..", "package.json"), "utf8")) as { workspaces: string[] }
).workspaces.map(
  (dir) => (JSON.parse(readFileSync(join(FUNCTIONS_DIR, "..", dir, "package.json"), "utf8")) as { name: string }).name,
);

/** The functions index.ts re-exports: what Firebase must find in the bundle. */
const exported = [...readFileSync(join(FUNCTIONS_DIR, "src", "index.ts"), "utf8").matchAll(/export \{ (\w+) \}/g)]
  .map((m) => m[1]!)
  .sort();

let dir = "";
let bundle = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "firecall-deploy-"));
  bundle = readFileSync(await buildFunctions({ outdir: join(dir, "lib") }), "utf8");
  copyFileSync(join(FUNCTIONS_DIR, "package.json"), join(dir, "package.json"));
  // What Cloud Build would install: the declared dependencies and nothing else (their own
  // dependencies resolve beside them, as in an installed tree).
  for (const name of runtimeDependencies()) {
    mkdirSync(join(dir, "node_modules", name, ".."), { recursive: true });
    symlinkSync(join(ROOT_MODULES, name), join(dir, "node_modules", name));
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the deployable functions", () => {
  it("declare only registry packages, never a workspace package", () => {
    expect(workspacePackages).toContain("@firecall/model");
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
      const deps = (manifest[field] ?? {}) as Record<string, string>;
      for (const [name, spec] of Object.entries(deps)) {
        expect(workspacePackages, `${field}.${name}`).not.toContain(name);
        expect(spec, `${field}.${name}`).toMatch(/^[~^]?\d+\.\d+\.\d+$/);
      }
    }
    expect(manifest.main).toBe("lib/index.js");
  });

  it("require at run time only Node's modules and the declared dependencies", () => {
    const required = [...bundle.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
    expect(required.length).toBeGreaterThan(0);
    const allowed = (spec: string) =>
      spec.startsWith("node:") ||
      builtinModules.includes(spec) ||
      runtimeDependencies().some((dep) => spec === dep || spec.startsWith(`${dep}/`));
    expect(required.filter((spec) => !allowed(spec))).toEqual([]);
    expect(bundle).not.toMatch(/@firecall\/model/);
  });

  it("load in a Node process that cannot see the workspace, with every function", async () => {
    const script = [
      "let modelVisible = true;",
      'try { require.resolve("@firecall/model"); } catch { modelVisible = false; }',
      'const fns = require("./lib/index.js");',
      "console.log(JSON.stringify({ modelVisible, names: Object.keys(fns).sort() }));",
    ].join("\n");
    const { stdout } = await run(process.execPath, ["-e", script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir },
      timeout: 30_000,
    });
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({ modelVisible: false, names: exported });
  }, 40_000);
});
