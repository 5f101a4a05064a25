// BENCH_ONLY=load: N concurrent call setups (BENCH_LOAD=1,10,50,100) through the real rules,
// triggers and functions on the emulators, with signaling-only clients in Node (load-call.ts).
// Each level: all N calls set up at once; one lifecycle sweep while they are live; one heartbeat
// from everyone (the bench writes it, through the app's own touch(), so it never lands in another
// phase's count); everyone leaves; the grace period passes and a sweep expires the calls. Every
// phase is metered: Firestore reads and writes of clients and functions, function invocations.
import { invocationTotal } from "./function-log.js";
import { LOAD_GRACE_SECONDS, setUp, signedInCall, type LoadCall } from "./load-call.js";
import { startLoadMeters, type LoadMeters, type PhaseCost } from "./load-meters.js";
import { HEARTBEAT_INTERVAL_MS } from "@firecall/model";
import { printCostModel, type LevelResult } from "./load-report.js";
import { summarize } from "./stats.js";
import { setBackgroundTriggers } from "./triggers.js";

const MAX_CALLS = 200;
const EMULATOR = "http://127.0.0.1:8080/emulator/v1/projects/demo-firecall/databases/(default)/documents";
const SWEEP_URL = "http://127.0.0.1:5001/demo-firecall/us-central1/lifecycleSweep-0";

function levels(): number[] {
  const raw = (process.env.BENCH_LOAD ?? "1,10,50,100").split(",").map((s) => Number(s.trim()));
  if (raw.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_CALLS)) {
    throw new Error(`BENCH_LOAD: whole numbers from 1 to ${MAX_CALLS}, comma-separated`);
  }
  return raw;
}

/** Plays Cloud Scheduler once and waits until the sweep (and what it caused) has settled. */
async function sweep(meters: LoadMeters): Promise<void> {
  const response = await fetch(SWEEP_URL, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    signal: AbortSignal.timeout(60_000),
  });
  if (!response.ok) throw new Error(`lifecycleSweep answered ${response.status}`);
  await meters.settled();
}

async function phase(meters: LoadMeters, work: () => Promise<void>): Promise<PhaseCost> {
  await meters.settled(500, 10_000);
  meters.reset();
  await work();
  await meters.settled();
  return meters.snapshot();
}

/** Heartbeats arrive spread over the minute in a real deployment; here over this window. */
const HEARTBEAT_SPREAD_MS = 5_000;

/** One heartbeat from every participant, each at a random moment of the window. */
async function oneHeartbeatEach(calls: LoadCall[]): Promise<number> {
  const people = calls.flatMap((c) => [c.creator, c.joiner]);
  await Promise.all(
    people.map(async (p) => {
      await new Promise((r) => setTimeout(r, Math.random() * HEARTBEAT_SPREAD_MS));
      await p.heartbeatOnce();
    }),
  );
  return people.reduce((sum, p) => sum + p.heartbeats, 0);
}

/** Every call expired and its signaling deleted, as a participant sees it. */
async function allExpired(calls: LoadCall[]): Promise<number> {
  let expired = 0;
  for (const call of calls) {
    if (call.callId && (await call.creator.callStatus(call.callId)) === "expired") expired += 1;
  }
  return expired;
}

/** A fresh database and N pairs of signed-in people. */
async function freshCalls(n: number, meters: LoadMeters): Promise<LoadCall[]> {
  const cleared = await fetch(EMULATOR, { method: "DELETE", signal: AbortSignal.timeout(30_000) });
  if (!cleared.ok) throw new Error(`clearing the Firestore emulator failed: ${cleared.status}`);
  const endpoints = {
    firestore: { host: "127.0.0.1", port: meters.clientPort },
    auth: "127.0.0.1:9099",
    functions: { host: "127.0.0.1", port: 5001 },
  };
  return Promise.all(Array.from({ length: n }, () => signedInCall(endpoints)));
}

/**
 * The experiment of issue 12 (BENCH_LOAD_TRIGGERS=compare): the same N setups with the Firestore
 * triggers on and then switched off, to see what they cost the answer's one Firestore hop under
 * load. It runs after every level is metered: once the Emulator Hub has switched background
 * triggers off and on, the emulator no longer runs the scheduled sweep when asked.
 */
async function setupsOnly(n: number, meters: LoadMeters, triggers: boolean): Promise<void> {
  const calls = await freshCalls(n, meters);
  if (!triggers) await setBackgroundTriggers(false);
  try {
    const started = performance.now();
    await Promise.all(calls.map((c) => setUp(c)));
    const wall = performance.now() - started;
    const ok = calls.filter((c) => c.failure === null);
    const answer = summarize(ok.map((c) => c.answerMs!));
    const setup = summarize(ok.map((c) => c.setupMs!));
    console.log(
      `  N=${n}, triggers ${triggers ? "on " : "off"}: ${ok.length}/${n} set up in ${(wall / 1000).toFixed(1)} s; ` +
        `answer write → listener p50 ${answer.median.toFixed(0)} ms, p95 ${answer.p95.toFixed(0)} ms; ` +
        `whole setup p50 ${setup.median.toFixed(0)} ms, p95 ${setup.p95.toFixed(0)} ms`,
    );
  } finally {
    if (!triggers) await setBackgroundTriggers(true);
    await Promise.all(calls.flatMap((c) => [c.creator.close(), c.joiner.close()]));
  }
}

async function runLevel(n: number, meters: LoadMeters): Promise<LevelResult> {
  const calls = await freshCalls(n, meters);
  try {
    let setupWallMs = 0;
    const setup = await phase(meters, async () => {
      const started = performance.now();
      await Promise.all(calls.map((c) => setUp(c)));
      setupWallMs = performance.now() - started;
    });
    const live = calls.filter((c) => c.failure === null);
    const sweepLive = await phase(meters, () => sweep(meters));
    let heartbeatsWritten = 0;
    const heartbeat = await phase(meters, async () => {
      heartbeatsWritten = await oneHeartbeatEach(live);
    });
    const leaveStarted = Date.now();
    const leave = await phase(meters, async () => {
      await Promise.all(live.flatMap((c) => [c.creator.leave(), c.joiner.leave()]));
    });
    // The grace period runs from the last departure; then one sweep expires every call.
    const graceLeft = leaveStarted + (LOAD_GRACE_SECONDS + 2) * 1000 + 2_000 - Date.now();
    if (graceLeft > 0) await new Promise((r) => setTimeout(r, graceLeft));
    const expiry = await phase(meters, () => sweep(meters));
    const expired = await allExpired(live);
    const answer = summarize(live.map((c) => c.answerMs!));
    const setupTimes = summarize(live.map((c) => c.setupMs!));
    return {
      n,
      failures: calls.filter((c) => c.failure !== null).map((c) => c.failure!),
      expired,
      answerP50: answer.median,
      answerP95: answer.p95,
      setupP50: setupTimes.median,
      setupP95: setupTimes.p95,
      setupWallMs,
      setup,
      sweepLive,
      heartbeat,
      heartbeatsWritten,
      leave,
      expiry,
    };
  } finally {
    await Promise.all(calls.flatMap((c) => [c.creator.close(), c.joiner.close()]));
  }
}

function printLevel(r: LevelResult): void {
  const per = (x: number, d = r.n) => (x / d).toFixed(1);
  const cost = (label: string, c: PhaseCost, d: number) =>
    console.log(
      `    ${label.padEnd(22)} clients r ${per(c.clients.reads, d)} w ${per(c.clients.writes, d)}; ` +
        `functions r ${per(c.functions.reads, d)} w ${per(c.functions.writes, d)}; invocations ` +
        `${per(invocationTotal(c.invocations), d)} ${JSON.stringify(c.invocations.invocations)}`,
    );
  const ok = r.n - r.failures.length;
  console.log(
    `\n  N=${r.n}: ${ok}/${r.n} setups succeeded, ${r.failures.length} failed, ${r.expired}/${ok} expired at the end; ` +
      `all set up in ${(r.setupWallMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `    answer write → other side's listener: p50 ${r.answerP50.toFixed(0)} ms, p95 ${r.answerP95.toFixed(0)} ms; ` +
      `whole setup p50 ${r.setupP50.toFixed(0)} ms, p95 ${r.setupP95.toFixed(0)} ms`,
  );
  for (const f of r.failures.slice(0, 5)) console.log(`    failed: ${f}`);
  cost("per setup", r.setup, r.n);
  const runTimes = Object.entries(r.setup.invocations.durationsMs)
    .map(([name, ms]) => `${name} ${summarize(ms).median.toFixed(0)}`)
    .join(", ");
  console.log(`    function run times in the emulator during setup, median ms: ${runTimes}`);
  cost("sweep, N calls live", r.sweepLive, 1);
  cost("per heartbeat", r.heartbeat, Math.max(1, r.heartbeatsWritten));
  cost("per call, leaving", r.leave, r.n);
  cost("per call, expiry sweep", r.expiry, r.n);
}

export async function loadFigures(): Promise<void> {
  const wanted = levels();
  const meters = await startLoadMeters();
  const results: LevelResult[] = [];
  console.log(
    `Load: ${wanted.join(", ")} concurrent signaling-only calls (grace ${LOAD_GRACE_SECONDS} s; a heartbeat is ` +
      `written every ${HEARTBEAT_INTERVAL_MS / 1000} s per person in the app); counts per call unless said otherwise`,
  );
  try {
    for (const n of wanted) {
      const result = await runLevel(n, meters);
      results.push(result);
      printLevel(result);
    }
    if (process.env.BENCH_LOAD_TRIGGERS === "compare") {
      console.log("\nSetups with the Firestore triggers on, then off (the Emulator Hub's switch)");
      for (const n of wanted) {
        await setupsOnly(n, meters, true);
        await setupsOnly(n, meters, false);
      }
    }
  } finally {
    await meters.close();
  }
  printCostModel(results, meters.functionsMetered);
  const failed = results.reduce((sum, r) => sum + r.failures.length, 0);
  if (failed > 0) throw new Error(`${failed} call setups failed under load`);
}
