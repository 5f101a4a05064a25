// Runs a command inside the Firebase Emulator Suite (Auth, Firestore, Functions) under the demo
// project, so tests and benchmarks need no Firebase account or network.
// Usage: node scripts/with-emulators.mjs "<command>"
import { spawn } from "node:child_process";
import { emulatorEnv, PROJECT_ID } from "./emulator-env.mjs";

const command = process.argv[2];
if (!command) {
  console.error('usage: node scripts/with-emulators.mjs "<command>"');
  process.exit(2);
}

const child = spawn(
  "npx",
  ["firebase", "emulators:exec", "--only", "auth,firestore,functions", "--project", PROJECT_ID, command],
  { stdio: "inherit", env: { ...process.env, ...emulatorEnv(), GCLOUD_PROJECT: PROJECT_ID } },
);
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
