// `npm run bench`: runs tests/bench/bench.ts inside the emulators. For BENCH_ONLY=load, the
// functions' Firestore traffic is routed through the bench's meter (admin-meter-hook.mjs), so
// what triggers and sweeps read and write is counted; other parts leave the functions untouched.
import process from "node:process";
import { fileURLToPath, URL } from "node:url";
import { runWithEmulators } from "../../scripts/with-emulators.mjs";

export const ADMIN_METER_HOST = "127.0.0.1:8091";

if (process.env.BENCH_ONLY === "load") {
  const hook = fileURLToPath(new URL("./admin-meter-hook.mjs", import.meta.url));
  process.env.FIRECALL_ADMIN_FIRESTORE_HOST = ADMIN_METER_HOST;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import=${hook}`.trim();
  // The Functions emulator starts one Node process per concurrent invocation (up to 50): on two
  // cores that is a fork storm no deployment has. Cloud Functions runs up to 80 requests in one
  // instance; a few workers is the closer likeness. BENCH_FUNCTIONS_PARALLEL changes it.
  process.env.FUNCTIONS_EMULATOR_PARALLEL = process.env.BENCH_FUNCTIONS_PARALLEL ?? "8";
}
// The logging emulator's stream is how the bench counts function invocations: its "Beginning
// execution of" lines exist only at INFO, so the emulators run at INFO and the screen leaves out
// what is logged per invocation (FIRECALL_EMULATOR_LOG=INFO shows everything).
process.env.START_LOGGING_EMULATOR = "true";
const PER_INVOCATION =
  /Beginning execution of|Finished "|Callable request verification passed|Loaded environment variables|firebase-functions@latest|breaking changes when you upgrade|Using node@|Serving at port/;
void runWithEmulators("node --experimental-websocket --import tsx tests/bench/bench.ts", {
  verbosity: process.env.FIRECALL_EMULATOR_LOG ?? "INFO",
  noise: process.env.FIRECALL_EMULATOR_LOG ? null : PER_INVOCATION,
});
