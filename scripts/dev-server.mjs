// Run by `npm start` inside the emulators: the web app's dev server, plus the local scheduler that
// makes scheduled functions (activation and expiry of calls) run every minute as in production.
import { spawn } from "node:child_process";
import { startLocalScheduler } from "./local-scheduler.mjs";

const stopScheduler = startLocalScheduler();
const vite = spawn("npx", ["vite"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => vite.kill(signal));
vite.on("exit", (code) => {
  stopScheduler();
  process.exit(code ?? 0);
});
