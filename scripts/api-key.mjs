// Creates, revokes and lists REST API keys (docs/api.md). Talks to Firestore with firebase-admin:
// against a real project with Application Default Credentials (`gcloud auth application-default
// login`) and GCLOUD_PROJECT or --project; against the emulator when FIRESTORE_EMULATOR_HOST is set.
//
//   npm run api-key -- create <app-name> [--read-only] [--rate-limit <per minute>] [--project <id>]
//   npm run api-key -- revoke <key-id> [--project <id>]
//   npm run api-key -- list [--project <id>]
//
// A new key is printed once; only its SHA-256 hash is stored.
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { tsImport } from "tsx/esm/api";

const require = createRequire(import.meta.url);
const { initializeApp } = require("firebase-admin/app");
const { getFirestore } = require("firebase-admin/firestore");
// The functions' own TypeScript (tsx compiles it on the fly): the same code the API and the tests run.
const { ApiKeyService } = await tsImport("../functions/src/service/api-key-service.ts", import.meta.url);
const { ApiKeyStore } = await tsImport("../functions/src/store/api-key-store.ts", import.meta.url);

const USAGE = `usage:
  npm run api-key -- create <app-name> [--read-only] [--rate-limit <per minute>] [--project <id>]
  npm run api-key -- revoke <key-id> [--project <id>]
  npm run api-key -- list [--project <id>]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "read-only": { type: "boolean", default: false },
    "rate-limit": { type: "string" },
    project: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

const [command, arg] = positionals;
const projectId = values.project ?? process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
if (values.help || !command || !projectId) {
  console.error(projectId ? USAGE : `${USAGE}\n\nName the project with --project or GCLOUD_PROJECT.`);
  process.exit(2);
}

const keys = new ApiKeyService(new ApiKeyStore(getFirestore(initializeApp({ projectId }))));
const iso = (ms) => (ms === null ? "-" : new Date(ms).toISOString());

if (command === "create" && arg) {
  const rateLimitPerMinute = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
  if (rateLimitPerMinute !== undefined && !(Number.isInteger(rateLimitPerMinute) && rateLimitPerMinute > 0)) {
    console.error("--rate-limit is a whole number of requests per minute.");
    process.exit(2);
  }
  const created = await keys.create(arg, { readOnly: values["read-only"], rateLimitPerMinute }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
  console.log(
    `app:    ${created.appId}\nkey id: ${created.keyId}\napi key (shown once, store it now):\n${created.apiKey}`,
  );
} else if (command === "revoke" && arg) {
  if (!(await keys.revoke(arg))) {
    console.error(`no key with id ${arg}`);
    process.exit(1);
  }
  console.log(`revoked ${arg}`);
} else if (command === "list") {
  for (const k of await keys.list()) {
    const flags = [k.readOnly ? "read-only" : "", k.rateLimitPerMinute ? `${k.rateLimitPerMinute}/min` : ""].filter(
      Boolean,
    );
    console.log(
      `${k.keyId}  ${k.appId}  created ${iso(k.createdAtMs)}  revoked ${iso(k.revokedAtMs)}  ${flags.join(" ")}`,
    );
  }
} else {
  console.error(USAGE);
  process.exit(2);
}
