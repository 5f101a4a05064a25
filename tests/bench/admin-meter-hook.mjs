// Preloaded into the Node processes of a load bench (NODE_OPTIONS=--import=…, set by
// tests/bench/launch.mjs). It acts only inside the Functions emulator's runtime, where it points
// the Admin SDK at the bench's gRPC meter (FIRECALL_ADMIN_FIRESTORE_HOST) instead of the Firestore
// emulator, so what the functions read and write is counted like the clients'. The Functions
// emulator sets FIRESTORE_EMULATOR_HOST itself and lets nothing override it; this is the one way in.
import process from "node:process";

if (process.env.FUNCTIONS_EMULATOR === "true" && process.env.FIRECALL_ADMIN_FIRESTORE_HOST) {
  process.env.FIRESTORE_EMULATOR_HOST = process.env.FIRECALL_ADMIN_FIRESTORE_HOST;
}
