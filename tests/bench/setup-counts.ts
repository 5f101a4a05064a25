// Firestore reads and writes one call setup costs, counted on the wire by the meter proxy
// (firestore-meter.ts) for our flow and the classic one. Separate from the timed runs, so the
// proxy's extra hop never slows what is timed.
import type { Browser } from "playwright-core";
import { classicCall, withClassicRules } from "./classic-flow.js";
import type { CountEvent, FirestoreMeter, MeterSnapshot } from "./firestore-meter.js";
import { ourCall } from "./our-call.js";
import { summarize } from "./stats.js";

/**
 * Waits until `read` has not moved for `quietMs` (at most `limitMs`): the trailing writes of a
 * setup (candidates, triggers) are part of it.
 */
export async function settled(read: () => number, quietMs = 400, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let last = read();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

export interface SetupCounts {
  ours: MeterSnapshot[];
  classic: MeterSnapshot[];
}

/** BENCH_COUNT_LOG=1: every counted read and write of each call, to see what a setup cost. */
function logEvents(label: string, events: CountEvent[]): void {
  if (!process.env.BENCH_COUNT_LOG) return;
  console.log(`  ${label}: ${events.map((e) => `${e.op} ${e.path} (${e.via})`).join("; ")}`);
}

/**
 * `metered` serves our app built against the meter; `classic` the classic page. `events` is the
 * list the meter's onCount appends to. After each call the pages are closed and the leave they
 * send is awaited, so it is never counted in the next call.
 */
export async function setupCounts(
  browser: Browser,
  meter: FirestoreMeter,
  events: CountEvent[],
  urls: { metered: string; classic: string },
  calls: number,
): Promise<SetupCounts> {
  const ours: MeterSnapshot[] = [];
  const classic: MeterSnapshot[] = [];
  const total = () => meter.snapshot().reads + meter.snapshot().writes;
  const reset = () => {
    meter.reset();
    events.length = 0;
  };
  for (let i = 0; i < calls; i++) {
    let counted: MeterSnapshot | null = null;
    await ourCall(browser, urls.metered, {
      beforeCreate: reset,
      afterFrames: async () => {
        // Quiet for longer than the creator's deferred write of whose answer it took (peer-session.ts).
        await settled(total, 1500);
        counted = meter.snapshot();
        logEvents(`ours ${i + 1}`, events);
      },
    });
    ours.push(counted!);
    await settled(total); // the leaves of the closed pages
  }
  await withClassicRules(async () => {
    for (let i = 0; i < calls; i++) {
      reset();
      await classicCall(browser, urls.classic, meter.port);
      await settled(total);
      classic.push(meter.snapshot());
      logEvents(`classic ${i + 1}`, events);
    }
  });
  return { ours, classic };
}

export function printSetupCounts({ ours, classic }: SetupCounts): void {
  const line = (label: string, list: MeterSnapshot[]) => {
    const r = summarize(list.map((c) => c.reads));
    const w = summarize(list.map((c) => c.writes));
    console.log(
      `  ${label.padEnd(12)} reads median ${r.median} (p95 ${r.p95}), writes median ${w.median} (p95 ${w.p95})`,
    );
  };
  console.log(`\nFirestore reads and writes per call setup, clients on the wire (${ours.length} calls each)`);
  line("ours", ours);
  line("classic", classic);
  const last = ours[ours.length - 1];
  if (last) console.log(`  ours by path (last call): ${JSON.stringify(last.byPath)}`);
  console.log(
    "  plus, outside the meter (Admin SDK over gRPC): 1 write by scheduleCall, and per join the onSignalWritten " +
      "trigger's transaction (up to 3 reads, at most 1 write); BENCH_ONLY=load counts those too",
  );
}
