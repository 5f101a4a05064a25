// Plays Cloud Scheduler for the Functions emulator, which never fires schedules by itself: POSTs
// to each scheduled function's emulator URL once a minute, the way Cloud Scheduler invokes it in
// production. Used by `npm start` (scripts/dev-server.mjs).
import { PROJECT_ID } from "./emulator-env.mjs";

/** Scheduled functions and how often they run ("every 1 minutes" in functions/src/schedules). */
export const SCHEDULES = [{ name: "lifecycleSweep", everyMs: 60_000 }];

const FUNCTIONS_HOST = process.env.FUNCTIONS_EMULATOR_HOST_PORT ?? "127.0.0.1:5001";

async function invoke(name) {
  // The emulator serves a scheduled (v2) function at <name>-0.
  const url = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/us-central1/${name}-0`;
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    if (!res.ok) console.warn(`local scheduler: ${name} answered ${res.status}`);
  } catch (err) {
    console.warn(`local scheduler: could not reach ${name}: ${err.message}`);
  }
}

/** Starts the timers (`speedUp` divides the intervals, for tests); returns a function that stops them. */
export function startLocalScheduler(speedUp = 1) {
  const timers = SCHEDULES.map(({ name, everyMs: interval }) => {
    const everyMs = interval / speedUp;
    void invoke(name); // once at start, as a deploy would not wait a minute either
    return setInterval(() => void invoke(name), everyMs);
  });
  return () => timers.forEach(clearInterval);
}
