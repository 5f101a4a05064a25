// `npm run bench`: what an engineer deciding whether to adopt this would ask, measured through the
// whole stack (Chromium, the UI, the Auth/Firestore/Functions emulators). BENCH_CALLS=N calls per
// figure (default 10). BENCH_ONLY picks parts (comma-separated):
//   size      JavaScript each route downloads (production build, measured in Chromium)
//   latency   Join → first decoded frame on both sides, ours and the classic demo flow alternating,
//             then Firestore reads and writes per call setup (meter proxy)
//   triggers  the same timing, ours with background triggers on and off alternating (experiment)
//   classic   the classic flow under three Firestore transport settings (diagnosis)
//   relay     direct vs relay-only, and recovery after the relay dies (relay-bench.ts)
//   recovery  a returning page and a network coming back → media both ways (recovery-bench.ts)
//   load      N concurrent signaling-only setups in Node (load-bench.ts; BENCH_LOAD=1,10,50,100)
// Without BENCH_ONLY: size, latency, relay, recovery and load, in that order. BENCH_MARKS=1 prints each step.
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser.js";
import { serveWebApp } from "../support/web-server.js";
import { classicCall, serveClassic, withClassicRules } from "./classic-flow.js";
import { startFirestoreMeter, type CountEvent } from "./firestore-meter.js";
import { alternate, printVariants } from "./latency-bench.js";
import { loadFigures } from "./load-bench.js";
import { ourCall } from "./our-call.js";
import { recoveryFigures } from "./recovery-bench.js";
import { relayFigures } from "./relay-bench.js";
import { printRouteFigures, routeFigures } from "./route-sizes.js";
import { printSetupCounts, setupCounts } from "./setup-counts.js";
import { setBackgroundTriggers } from "./triggers.js";

const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const FIRESTORE_PORT = 8080;
const METER_PORT = 8089;
const DIRECT_WEB_PORT = 4174;
const METERED_WEB_PORT = 4175;
const CLASSIC_WEB_PORT = 4176;
const cacheDir = new URL("../../.cache/bench/", import.meta.url).pathname;

type Served = { url: string; close(): Promise<void> };

/** Runs `body` with a browser and the servers it asks for, closing all of them afterwards. */
async function withServers<T>(
  wanted: { classic?: boolean; metered?: boolean },
  body: (browser: Browser, urls: { direct: string; classic: string; metered: string }) => Promise<T>,
): Promise<T> {
  const open: Served[] = [];
  let browser: Browser | null = null;
  try {
    const direct = await serveWebApp({ port: DIRECT_WEB_PORT, outDir: `${cacheDir}direct` });
    open.push(direct);
    const classic = wanted.classic ? await serveClassic(CLASSIC_WEB_PORT) : null;
    if (classic) open.push(classic);
    const metered = wanted.metered
      ? await serveWebApp({
          port: METERED_WEB_PORT,
          outDir: `${cacheDir}metered`,
          emulatorPorts: `auth:9099,firestore:${METER_PORT},functions:5001`,
        })
      : null;
    if (metered) open.push(metered);
    browser = await launchChromium();
    return await body(browser, { direct: direct.url, classic: classic?.url ?? "", metered: metered?.url ?? "" });
  } finally {
    await browser?.close();
    for (const s of open.reverse()) await s.close();
  }
}

async function sizes(): Promise<void> {
  await withServers({}, async (browser, urls) => printRouteFigures(await routeFigures(browser, urls.direct)));
}

/** Ours through the UI against the classic flow at its best (the app's transport settings), alternating. */
async function latency(): Promise<void> {
  await withServers({ classic: true, metered: true }, async (browser, urls) => {
    const results = await withClassicRules(() =>
      alternate(
        [
          { name: "ours (UI: Join → frame both sides)", run: () => ourCall(browser, urls.direct) },
          {
            name: "classic demo flow (join → frame both)",
            run: () => classicCall(browser, urls.classic, FIRESTORE_PORT),
          },
        ],
        CALLS,
      ),
    );
    printVariants("Join → first decoded remote frame on both sides, alternating in one run", results);
    const events: CountEvent[] = [];
    const meter = await startFirestoreMeter({
      targetHost: "127.0.0.1",
      targetPort: FIRESTORE_PORT,
      port: METER_PORT,
      onCount: (e) => events.push(e),
    });
    try {
      printSetupCounts(await setupCounts(browser, meter, events, urls, CALLS));
    } finally {
      await meter.close();
    }
  });
}

/** The experiment of issue 12: does the onSignalWritten trigger slow the Join hop? */
async function triggers(): Promise<void> {
  await withServers({}, async (browser, urls) => {
    const results = await alternate(
      [
        { name: "ours, triggers deployed", run: () => ourCall(browser, urls.direct) },
        {
          name: "ours, background triggers off",
          run: () => ourCall(browser, urls.direct),
          before: () => setBackgroundTriggers(false),
          after: () => setBackgroundTriggers(true),
        },
      ],
      CALLS,
    );
    printVariants("Join → first frame on both sides, with and without the Firestore triggers", results);
  });
}

/** Why the bench's classic copy used to be slow: the same flow under three transport settings. */
async function classicTransports(): Promise<void> {
  await withServers({ classic: true }, async (browser, urls) => {
    const run = (transport: string) => () => classicCall(browser, urls.classic, FIRESTORE_PORT, transport);
    const results = await withClassicRules(() =>
      alternate(
        [
          { name: "classic, app's transport (stream)", run: run("stream") },
          { name: "classic, SDK default (auto-detect)", run: run("auto") },
          { name: "classic, forced long polling", run: run("long-polling") },
        ],
        CALLS,
      ),
    );
    printVariants("The classic flow under each Firestore transport setting", results);
  });
}

async function relay(): Promise<void> {
  await withServers({}, (browser, urls) => relayFigures(browser, urls.direct, CALLS));
}

async function recovery(): Promise<void> {
  await withServers({}, (browser, urls) => recoveryFigures(browser, urls.direct, CALLS));
}

const PARTS: Record<string, () => Promise<void>> = {
  size: sizes,
  latency,
  triggers,
  classic: classicTransports,
  relay,
  recovery,
  load: loadFigures,
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
  const unknown = only?.filter((name) => !PARTS[name]);
  if (unknown?.length)
    throw new Error(`BENCH_ONLY=${unknown.join(",")}: expected some of ${Object.keys(PARTS).join(", ")}`);
  for (const name of only ?? ["size", "latency", "relay", "recovery", "load"]) {
    console.log(`\n=== ${name} ===`);
    await PARTS[name]!();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
