// Runs a command inside the Firebase Emulator Suite (Auth, Firestore, Functions) under the demo
// project, so tests and benchmarks need no Firebase account or network.
// Usage: node scripts/with-emulators.mjs "<command>"
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { emulatorEnv, PROJECT_ID } from "./emulator-env.mjs";
import { localTurn } from "./local-turn.mjs";

// Pub/Sub only so the Functions emulator loads the scheduled sweep (it skips schedules without it).
export const EMULATORS = "auth,firestore,functions,pubsub";

// Test and benchmark output stays readable: QUIET drops the emulators' per-request lines
// ("Beginning execution of…", "Finished…", "Callable request verification passed") and keeps
// warnings and errors. FIRECALL_EMULATOR_LOG=INFO (or DEBUG) brings them back for a diagnosis.
const LOG_VERBOSITY = process.env.FIRECALL_EMULATOR_LOG ?? "QUIET";

/**
 * Starts the emulators, runs `command`, stops them; exits with the command's status.
 * `turnPort` is where the local coturn listens (see local-turn.mjs; 0 picks a free port); with
 * `startTurn` it is started here, otherwise the tests start their own there.
 */
export async function runWithEmulators(command, { turnPort = 0, startTurn = false } = {}) {
  const turn = await localTurn(turnPort, { start: startTurn });
  const child = spawn(
    "npx",
    [
      "firebase",
      "emulators:exec",
      "--only",
      EMULATORS,
      "--project",
      PROJECT_ID,
      "--log-verbosity",
      LOG_VERBOSITY,
      command,
    ],
    {
      stdio: "inherit",
      env: { ...process.env, ...emulatorEnv(), ...turn.env, GCLOUD_PROJECT: PROJECT_ID },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", async (code, signal) => {
    await turn.stop();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (!command) {
    console.error('usage: node scripts/with-emulators.mjs "<command>"');
    process.exit(2);
  }
  void runWithEmulators(command);
}
