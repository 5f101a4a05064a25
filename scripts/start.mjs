// `npm start`: the whole app on this machine: Auth, Firestore, Functions and Pub/Sub emulators
// under the demo project, coturn on 127.0.0.1:3478 when it is installed, the web app's dev server,
// and a local stand-in for Cloud Scheduler that runs the lifecycle sweep every minute.
// No Firebase account needed.
import { execSync } from "node:child_process";
import { runWithEmulators } from "./with-emulators.mjs";

execSync("npm run build -w functions", { stdio: "inherit" });
// A developer wants to see every function call and its logs (tests run QUIET).
process.env.FIRECALL_EMULATOR_LOG ??= "INFO";
console.log("\nStarting the emulators and the web app; open http://127.0.0.1:5173 when Vite is ready.\n");
runWithEmulators("node scripts/dev-server.mjs", { turnPort: 3478, startTurn: true });
