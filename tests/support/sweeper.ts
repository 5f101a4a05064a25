import type { Firestore } from "firebase-admin/firestore";
import { CallStore } from "../../functions/src/service/call-store";
import { LifecycleService } from "../../functions/src/service/lifecycle-service";

/**
 * The lifecycle sweep on the real clock, the way Cloud Scheduler runs it but every `everyMs` and
 * with a shorter staleness limit (the web app under test is built with the same limit, see
 * serveWebApp's presenceStaleSeconds): the same LifecycleService code and Firestore writes as the
 * deployed lifecycleSweep, so "the server counted them gone" happens in seconds, not minutes.
 */
export function startSweeper(admin: Firestore, presenceStaleMs: number, everyMs = 2000): { stop(): Promise<void> } {
  const service = new LifecycleService(new CallStore(admin), { unusedTimeoutSeconds: 3600, presenceStaleMs });
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() =>
      stopped ? null : service.sweep(Date.now()).catch((err: unknown) => console.warn("sweep:", err)),
    );
  }, everyMs);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
