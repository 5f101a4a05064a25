// `npm start`: the whole app on this machine: Auth, Firestore and Functions emulators under the
// demo project, and the web app's dev server. No Firebase account needed.
import { execSync } from "node:child_process";
import { runWithEmulators } from "./with-emulators.mjs";

execSync("npm run build -w functions", { stdio: "inherit" });
console.log("\nStarting the emulators and the web app; open http://127.0.0.1:5173 when Vite is ready.\n");
runWithEmulators("vite", { turnPort: 3478, startTurn: true });
