// Recovery figures for `npm run bench` (BENCH_ONLY=recovery runs just these):
// - a returning person: their tab crashed, the other page noticed the drop, they open the link
//   again in a new tab and press Join as soon as it shows: from that page load to media flowing
//   both ways; and the same for a plain reload (which joins by itself);
// - a network that comes back: one person's network home is cut until their page says it is
//   offline (network namespaces, through the relay), then restored: from its return to media
//   flowing both ways (needs root, iproute2 and coturn; otherwise skipped, saying why).
import type { Browser, Page } from "playwright-core";
import { newPerson, type Person } from "../support/browser.js";
import { createCallThroughUi, waitForPhase } from "../support/call-page.js";
import { homesUnavailable, setUpTwoHomes } from "../support/homes-fixture.js";
import { setHomeOnline } from "../support/netns.js";
import { crashPage } from "../support/page-lifecycle.js";
import { summarize } from "./stats.js";

/**
 * Resolves with the epoch ms at which the page's current connection decoded a video frame it had
 * not decoded when this was called (a new connection counts from zero). Polls getStats every 20 ms
 * inside the page, so the figure does not depend on the harness's round trips.
 */
function mediaBackAt(page: Page, timeoutMs = 60_000): Promise<number> {
  // No named helpers inside: the bundler would wrap them in a function the page does not have.
  return page.evaluate(async (timeout) => {
    const startPc = window.__firecall?.client.peerConnection;
    let base = -1;
    const deadline = performance.now() + timeout;
    while (performance.now() < deadline) {
      const pc = window.__firecall?.client.peerConnection;
      let frames = 0;
      (await pc?.getStats())?.forEach((s: Record<string, unknown>) => {
        if (s.type === "inbound-rtp" && s.kind === "video") frames += Number(s.framesDecoded ?? 0);
      });
      if (base < 0) base = frames;
      else if (frames > (pc === startPc ? base : 0)) return performance.timeOrigin + performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("media did not come back");
  }, timeoutMs);
}

async function connectedCall(
  browser: Browser,
  baseUrl: string,
): Promise<{ alice: Person; bob: Person; callId: string }> {
  const alice = await newPerson(browser, baseUrl);
  const bob = await newPerson(browser, baseUrl);
  await alice.page.goto("/?stun=none&turn=none");
  const callId = await createCallThroughUi(alice.page);
  await bob.page.goto(`/c/${callId}?stun=none&turn=none`);
  await waitForPhase(bob.page, "ready");
  await bob.page.getByRole("button", { name: "Join" }).click();
  await Promise.all([waitForPhase(alice.page, "connected", 30_000), waitForPhase(bob.page, "connected", 30_000)]);
  return { alice, bob, callId };
}

const otherIs = (page: Page, value: string) =>
  page.waitForFunction(
    (v) => document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.dataset.other === v,
    value,
    { timeout: 60_000, polling: 100 },
  );

/** Bob's tab crashes; once Alice shows the drop, Bob opens the link in a new tab and joins. */
async function returnAfterCrash(browser: Browser, baseUrl: string): Promise<number> {
  const { alice, bob, callId } = await connectedCall(browser, baseUrl);
  try {
    await crashPage(bob.page);
    await otherIs(alice.page, "dropped");
    const back = await bob.context.newPage();
    const aliceBack = mediaBackAt(alice.page);
    aliceBack.catch(() => {}); // awaited below; a failure before that must not surface as unhandled
    const loadStarted = Date.now();
    await back.goto(`/c/${callId}?stun=none&turn=none`);
    await waitForPhase(back, "ready");
    await back.getByRole("button", { name: "Join" }).click();
    const [a, b] = await Promise.all([aliceBack, mediaBackAt(back)]);
    return Math.max(a, b) - loadStarted;
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
}

/** Bob reloads his tab (it says goodbye on the way out and joins again by itself). */
async function returnAfterReload(browser: Browser, baseUrl: string): Promise<number> {
  const { alice, bob } = await connectedCall(browser, baseUrl);
  try {
    const aliceBack = mediaBackAt(alice.page);
    aliceBack.catch(() => {}); // awaited below; a failure before that must not surface as unhandled
    const loadStarted = Date.now();
    await bob.page.reload();
    await waitForPhase(bob.page, "connected", 30_000);
    const [a, b] = await Promise.all([aliceBack, mediaBackAt(bob.page)]);
    return Math.max(a, b) - loadStarted;
  } finally {
    await alice.context.close();
    await bob.context.close();
  }
}

async function networkReturn(calls: number): Promise<number[] | string> {
  const whyNot = homesUnavailable();
  if (whyNot) return whyNot;
  const setup = await setUpTwoHomes({
    port: 4177,
    outDir: new URL("../../.cache/bench/homes", import.meta.url).pathname,
  });
  const { alice, bob, homes } = setup;
  const figures: number[] = [];
  try {
    await alice.page.goto("/?stun=none");
    const callId = await createCallThroughUi(alice.page);
    await bob.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(bob.page, "ready");
    await bob.page.getByRole("button", { name: "Join" }).click();
    for (let i = 0; i < calls; i++) {
      await Promise.all([waitForPhase(alice.page, "connected", 60_000), waitForPhase(bob.page, "connected", 60_000)]);
      setHomeOnline(homes[1]!, false);
      try {
        await bob.page.waitForFunction(
          () =>
            document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.dataset.network === "offline",
          undefined,
          { timeout: 30_000, polling: 100 },
        );
        await otherIs(alice.page, "dropped");
      } finally {
        setHomeOnline(homes[1]!, true);
      }
      const restored = Date.now();
      const [a, b] = await Promise.all([mediaBackAt(alice.page), mediaBackAt(bob.page)]);
      figures.push(Math.max(a, b) - restored);
      console.log(
        `network ${String(i + 1).padStart(2)}: media both ways ${figures.at(-1)!.toFixed(0)} ms after the network returned`,
      );
    }
  } finally {
    await setup.teardown();
  }
  return figures;
}

export async function recoveryFigures(browser: Browser, baseUrl: string, calls: number): Promise<void> {
  const crash: number[] = [];
  const reload: number[] = [];
  for (let i = 0; i < calls; i++) {
    crash.push(await returnAfterCrash(browser, baseUrl));
    reload.push(await returnAfterReload(browser, baseUrl));
    console.log(
      `return ${String(i + 1).padStart(2)}: page load → media both ways after a crash ${crash.at(-1)!.toFixed(0)} ms ` +
        `(new tab, Join pressed as soon as shown), after a reload ${reload.at(-1)!.toFixed(0)} ms`,
    );
  }
  const network = await networkReturn(calls);
  const c = summarize(crash);
  const r = summarize(reload);
  console.log(`\nrecovery figures (${calls} each)`);
  console.log(
    `returning page load → media both ways, after a crash: median ${c.median.toFixed(0)} ms, p95 ${c.p95.toFixed(0)} ms`,
  );
  console.log(
    `returning page load → media both ways, reload:        median ${r.median.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms`,
  );
  if (typeof network === "string") console.log(`network return figures skipped: ${network}`);
  else {
    const n = summarize(network);
    console.log(
      `network back → media both ways (relay):            median ${n.median.toFixed(0)} ms, p95 ${n.p95.toFixed(0)} ms`,
    );
  }
}
