// Builds the deployable functions: one CommonJS bundle, functions/lib/index.js (package.json
// "main"), made by esbuild from functions/src/index.ts. The workspace packages the functions
// import (@firecall/model) and functions/openapi.json are inlined; only the packages listed in
// functions/package.json "dependencies" stay outside, because they are all Cloud Build installs
// (it builds functions/ on its own: no workspace, no parent folder). `npm run build` (also the
// deploy's predeploy step) and the emulators use this one output.
//
//   node scripts/build-functions.mjs            builds functions/lib
//   buildFunctions({ outdir })                  the same into another folder (tests/unit/deployable-functions.test.ts)
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const FUNCTIONS_DIR = fileURLToPath(new URL("../functions/", import.meta.url));

/** What the deployed functions may require at run time: Node's own modules and their package.json dependencies. */
export function runtimeDependencies() {
  const manifest = JSON.parse(readFileSync(join(FUNCTIONS_DIR, "package.json"), "utf8"));
  return Object.keys(manifest.dependencies ?? {});
}

/** Bundles functions/src/index.ts into `outdir`/index.js (emptying `outdir` first); returns the file. */
export async function buildFunctions({ outdir = join(FUNCTIONS_DIR, "lib") } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const outfile = join(outdir, "index.js");
  await build({
    entryPoints: [join(FUNCTIONS_DIR, "src", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // A package name here keeps its subpaths (firebase-functions/v2/https) outside too.
    external: runtimeDependencies(),
    sourcemap: true,
    logLevel: "warning",
  });
  return outfile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildFunctions();
}
