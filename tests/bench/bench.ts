// `npm run bench`: sets up N real calls (default 10; BENCH_CALLS=N) through the whole stack —
// two Chromium pages, the UI, the Auth/Firestore/Functions emulators — and prints, per call and
// as median/p95, the time from pressing Join to the first decoded remote frame on both sides,
// and the Firestore document reads and writes one call setup cost. Reads and writes are counted
// on the wire by a proxy in front of the Firestore emulator, not by the app.
import type { Browser, Page } from "playwright-core";
import { launchChromium, newPerson, type Person } from "../support/browser.js";
import { createCallThroughUi, firstFrameEpoch, waitForPhase } from "../support/call-page.js";
import { serveWebApp } from "../support/web-server.js";
import { classicCall, serveClassic, withClassicRules } from "./classic-flow.js";
import { relayFigures } from "./relay-bench.js";
import { printRouteFigures, routeFigures } from "./route-sizes.js";
import { startFirestoreMeter } from "./firestore-meter.js";
import { summarize } from "./stats.js";

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const FIRESTORE_PORT = 8080;
const METER_PORT = 8089;
const DIRECT_WEB_PORT = 4174;
const METERED_WEB_PORT = 4175;
const CLASSIC_WEB_PORT = 4176;
const QUIET_MS = 400;
const SETTLE_LIMIT_MS = 5000;

interface CallResult {
  joinToFrameMs: number;
  creatorFrameMs: number;
  joinerFrameMs: number;
  reads: number;
  writes: number;
}

async function joinPressedEpoch(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + (window.__firecall?.client.snapshot.joinPressedAt ?? NaN));
}

async function iceGatheringComplete(page: Page): Promise<void> {
  await page.waitForFunction(
    () => window.__firecall?.client.peerConnection?.iceGatheringState === "complete",
    undefined,
    {
      timeout: 10_000,
      polling: 20,
    },
  );
}

/** Waits until the counters stop moving: the trailing candidate writes are part of the setup. */
async function settled(read: () => number): Promise<void> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let last = read();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    const now = read();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= QUIET_MS) return;
  }
}

async function oneCall(browser: Browser, baseUrl: string, meter: Awaited<ReturnType<typeof startFirestoreMeter>>) {
  let alice: Person | null = null;
  let bob: Person | null = null;
  try {
    alice = await newPerson(browser, baseUrl);
    bob = await newPerson(browser, baseUrl);
    await Promise.all([alice.page.goto("/?stun=none&turn=none"), bob.page.goto("/?stun=none&turn=none")]);
    meter.reset();
    const callId = await createCallThroughUi(alice.page);
    await bob.page.goto(`/c/${callId}?stun=none&turn=none`);
    await waitForPhase(bob.page, "ready");
    await iceGatheringComplete(bob.page); // a person looks at their preview for longer than this
    await bob.page.getByRole("button", { name: "Join" }).click();
    const [aliceFrame, bobFrame] = await Promise.all([firstFrameEpoch(alice.page), firstFrameEpoch(bob.page)]);
    const pressed = await joinPressedEpoch(bob.page);
    if (process.env.BENCH_MARKS) {
      for (const [who, page] of [
        ["creator", alice.page],
        ["joiner", bob.page],
      ] as const) {
        const marks = await page.evaluate(() => ({
          origin: performance.timeOrigin,
          marks: window.__firecall?.client.marks ?? {},
        }));
        const rel = Object.entries(marks.marks).map(([k, v]) => `${k}=${(marks.origin + v - pressed).toFixed(0)}`);
        console.log(`  ${who}: ${rel.join(" ")}`);
      }
    }
    await settled(() => meter.snapshot().reads + meter.snapshot().writes);
    const counts = meter.snapshot();
    return {
      joinToFrameMs: Math.max(aliceFrame, bobFrame) - pressed,
      creatorFrameMs: aliceFrame - pressed,
      joinerFrameMs: bobFrame - pressed,
      reads: counts.reads,
      writes: counts.writes,
      byPath: counts.byPath,
    };
  } finally {
    await alice?.context.close();
    await bob?.context.close();
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === "size") {
    const cacheDir = new URL("../../.cache/bench/", import.meta.url).pathname;
    const web = await serveWebApp({ port: DIRECT_WEB_PORT, outDir: `${cacheDir}direct` });
    const browser = await launchChromium();
    try {
      printRouteFigures(await routeFigures(browser, web.url));
    } finally {
      await browser.close();
      await web.close();
    }
    return;
  }
  // BENCH_ONLY=relay: just the relay figures (they need no meter and no classic flow).
  if (process.env.BENCH_ONLY === "relay") {
    const cacheDir = new URL("../../.cache/bench/", import.meta.url).pathname;
    const web = await serveWebApp({ port: DIRECT_WEB_PORT, outDir: `${cacheDir}direct` });
    const browser = await launchChromium();
    try {
      await relayFigures(browser, web.url, CALLS);
    } finally {
      await browser.close();
      await web.close();
    }
    return;
  }
  const meter = await startFirestoreMeter({ targetHost: "127.0.0.1", targetPort: FIRESTORE_PORT, port: METER_PORT });
  const cacheDir = new URL("../../.cache/bench/", import.meta.url).pathname;
  // Timing runs talk to the emulator directly, so the meter's extra hop never slows what is timed;
  // counting runs go through the meter. Auth and Functions are direct in both.
  const direct = await serveWebApp({ port: DIRECT_WEB_PORT, outDir: `${cacheDir}direct` });
  const metered = await serveWebApp({
    port: METERED_WEB_PORT,
    outDir: `${cacheDir}metered`,
    emulatorPorts: `auth:9099,firestore:${METER_PORT},functions:5001`,
  });
  const classic = await serveClassic(CLASSIC_WEB_PORT);
  const browser = await launchChromium();
  const results: CallResult[] = [];
  const classicResults: { joinToFrameMs: number; reads: number; writes: number }[] = [];
  try {
    // One unmeasured call warms up the Functions emulator's worker and the page cache.
    await oneCall(browser, direct.url, meter);
    for (let i = 0; i < CALLS; i++) {
      const timed = await oneCall(browser, direct.url, meter);
      const counted = await oneCall(browser, metered.url, meter);
      const r = { ...timed, reads: counted.reads, writes: counted.writes };
      results.push(r);
      console.log(
        `call ${String(i + 1).padStart(2)}: join→first frame both sides ${r.joinToFrameMs.toFixed(0)} ms ` +
          `(creator ${r.creatorFrameMs.toFixed(0)}, joiner ${r.joinerFrameMs.toFixed(0)}); ` +
          `client Firestore reads ${r.reads}, writes ${r.writes} ${JSON.stringify(counted.byPath)}`,
      );
    }
    // The reference: the classic demo flow, same machine, same browser, same load.
    await withClassicRules(async () => {
      await classicCall(browser, classic.url, FIRESTORE_PORT); // warm-up
      for (let i = 0; i < CALLS; i++) {
        const timed = await classicCall(browser, classic.url, FIRESTORE_PORT);
        meter.reset();
        await classicCall(browser, classic.url, METER_PORT);
        await settled(() => meter.snapshot().reads + meter.snapshot().writes);
        const { reads, writes } = meter.snapshot();
        classicResults.push({ joinToFrameMs: timed.joinToFrameMs, reads, writes });
        console.log(
          `classic ${String(i + 1).padStart(2)}: join→first frame both sides ${timed.joinToFrameMs.toFixed(0)} ms; ` +
            `Firestore reads ${reads}, writes ${writes}`,
        );
      }
    });
  } finally {
    await browser.close();
    await classic.close();
    await direct.close();
    await metered.close();
    await meter.close();
  }
  const t = summarize(results.map((r) => r.joinToFrameMs));
  const reads = summarize(results.map((r) => r.reads));
  const writes = summarize(results.map((r) => r.writes));
  console.log(`\n${results.length} calls`);
  console.log(
    `join → first decoded remote frame on both sides: median ${t.median.toFixed(0)} ms, p95 ${t.p95.toFixed(0)} ms`,
  );
  console.log(`Firestore reads per call setup (clients, on the wire): median ${reads.median}, p95 ${reads.p95}`);
  console.log(`Firestore writes per call setup (clients, on the wire): median ${writes.median}, p95 ${writes.p95}`);
  console.log(
    "plus, outside the meter (Admin SDK over gRPC): 1 write by scheduleCall, and per join the onSignalWritten " +
      "trigger's transaction (up to 3 reads, at most 1 write)",
  );
  const ct = summarize(classicResults.map((r) => r.joinToFrameMs));
  const cr = summarize(classicResults.map((r) => r.reads));
  const cw = summarize(classicResults.map((r) => r.writes));
  console.log(`\nclassic demo flow, same conditions (${classicResults.length} calls)`);
  console.log(
    `join → first decoded remote frame on both sides: median ${ct.median.toFixed(0)} ms, p95 ${ct.p95.toFixed(0)} ms`,
  );
  console.log(`Firestore reads per call setup: median ${cr.median}, p95 ${cr.p95}`);
  console.log(`Firestore writes per call setup: median ${cw.median}, p95 ${cw.p95}`);
  const relayBrowser = await launchChromium();
  const relayWeb = await serveWebApp({ port: DIRECT_WEB_PORT, outDir: `${cacheDir}direct` });
  try {
    await relayFigures(relayBrowser, relayWeb.url, CALLS);
  } finally {
    await relayBrowser.close();
    await relayWeb.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
