// Relay figures for `npm run bench`: join → first decoded frame on both sides with direct
// (host) candidates and relay-only through the local coturn, on the same machine and browser;
// and how long a relay-only call takes to come back after the relay dies and returns.
import type { Browser } from "playwright-core";
import type { Coturn } from "../../scripts/local-turn.mjs";
import { newPerson, type Person } from "../support/browser.js";
import { clientMark, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { createAndJoin } from "./our-call.js";
import { relayConfigured, startRelay } from "../support/relay.js";
import { summarize } from "./stats.js";

/** One call set up through the UI; resolves with join → first frame on both sides (ms) and the people. */
async function timedCall(browser: Browser, baseUrl: string, query: string) {
  const alice = await newPerson(browser, baseUrl);
  const bob = await newPerson(browser, baseUrl);
  await alice.page.goto(`/${query}`);
  const { pressed, aliceFrame, bobFrame } = await createAndJoin(alice, bob, query, 30_000);
  return { ms: Math.max(aliceFrame, bobFrame) - pressed, alice, bob };
}

async function close(...people: Person[]): Promise<void> {
  for (const p of people) await p.context.close();
}

/** Kills the relay under a connected relay-only call, restarts it, and times the way back. */
async function recovery(alice: Person, bob: Person, relay: Coturn): Promise<{ relay: Coturn; ms: number }> {
  await relay.stop();
  await Promise.all([waitForPhase(alice.page, "reconnecting"), waitForPhase(bob.page, "reconnecting")]);
  const restarted = await startRelay();
  const back = Date.now();
  await Promise.all([waitForPhase(alice.page, "connected", 40_000), waitForPhase(bob.page, "connected", 40_000)]);
  const ms = Date.now() - back;
  await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
  const restarts =
    ((await clientMark(alice.page, "iceRestarts")) ?? 0) + ((await clientMark(bob.page, "iceRestarts")) ?? 0);
  if (restarts === 0) throw new Error("recovered without an ICE restart: the break was not a break");
  return { relay: restarted, ms };
}

export async function relayFigures(browser: Browser, baseUrl: string, calls: number): Promise<void> {
  if (!relayConfigured()) {
    console.log("\nrelay figures skipped: coturn is not installed");
    return;
  }
  let relay = await startRelay();
  const direct: number[] = [];
  const relayed: number[] = [];
  const recovered: number[] = [];
  try {
    const warm = await timedCall(browser, baseUrl, "?stun=none&relay=1");
    await close(warm.alice, warm.bob);
    for (let i = 0; i < calls; i++) {
      const d = await timedCall(browser, baseUrl, "?stun=none");
      await close(d.alice, d.bob);
      const r = await timedCall(browser, baseUrl, "?stun=none&relay=1");
      try {
        const back = await recovery(r.alice, r.bob, relay);
        relay = back.relay;
        recovered.push(back.ms);
      } finally {
        await close(r.alice, r.bob);
      }
      direct.push(d.ms);
      relayed.push(r.ms);
      console.log(
        `relay ${String(i + 1).padStart(2)}: join→first frame direct ${d.ms.toFixed(0)} ms, relay-only ${r.ms.toFixed(0)} ms; ` +
          `back ${recovered.at(-1)!.toFixed(0)} ms after the relay returned`,
      );
    }
  } finally {
    await relay.stop();
  }
  const d = summarize(direct);
  const r = summarize(relayed);
  const b = summarize(recovered);
  console.log(`\nrelay figures (${calls} calls each, coturn on loopback)`);
  console.log(`join → first frame, direct:     median ${d.median.toFixed(0)} ms, p95 ${d.p95.toFixed(0)} ms`);
  console.log(`join → first frame, relay-only: median ${r.median.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms`);
  console.log(
    `relay killed and restarted → connected again: median ${b.median.toFixed(0)} ms, p95 ${b.p95.toFixed(0)} ms`,
  );
}
