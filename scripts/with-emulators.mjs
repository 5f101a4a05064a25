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
// ("Beginning execution of…", "Finished…") and keeps warnings and errors; the callable SDK's
// debug line for every call ("Callable request verification passed") is dropped below.
// FIRECALL_EMULATOR_LOG=INFO (or DEBUG) brings everything back for a diagnosis.
const NOISE = /"message":"Callable request verification passed"/;

/** Copies `from` to `to` line by line, leaving out lines that match `noise` (when given). */
function passThrough(from, to, noise) {
  let rest = "";
  from.setEncoding("utf8");
  from.on("data", (chunk) => {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    const kept = lines.filter((line) => !noise?.test(line));
    if (kept.length > 0) to.write(kept.join("\n") + "\n");
  });
  from.on("end", () => {
    if (rest && !noise?.test(rest)) to.write(rest);
  });
}

/**
 * Starts the emulators, runs `command`, stops them; exits with the command's status.
 * `turnPort` is where the local coturn listens (see local-turn.mjs; 0 picks a free port); with
 * `startTurn` it is started here, otherwise the tests start their own there. `verbosity` and
 * `noise` override the log level and the lines left out of the output (a bench that counts
 * invocations from the log stream needs INFO there, but not on the screen).
 */
export async function runWithEmulators(command, { turnPort = 0, startTurn = false, verbosity, noise } = {}) {
  const turn = await localTurn(turnPort, { start: startTurn });
  verbosity ??= process.env.FIRECALL_EMULATOR_LOG ?? "QUIET";
  noise ??= verbosity === "QUIET" ? NOISE : null;
  const child = spawn(
    "npx",
    ["firebase", "emulators:exec", "--only", EMULATORS, "--project", PROJECT_ID, "--log-verbosity", verbosity, command],
    {
      stdio: ["inherit", "pipe", "pipe"],
      env: { ...process.env, ...emulatorEnv(), ...turn.env, GCLOUD_PROJECT: PROJECT_ID },
    },
  );
  passThrough(child.stdout, process.stdout, noise);
  passThrough(child.stderr, process.stderr, noise);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  // "close", not "exit": the last lines of output are through by then.
  child.on("close", async (code, signal) => {
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
