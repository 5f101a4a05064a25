// The other person's page goes away without a goodbye (a crashed tab, a frozen tab): the one who
// stays keeps the call and says so; the person comes back into it. Real Chromium, the emulators,
// and the lifecycle sweep on the real clock with a short staleness limit (the web app is built
// with the same limit, so its heartbeat keeps pace), so "counted gone" takes seconds.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CALLS, SIGNALS } from "@firecall/model";
import { PROBLEM_MESSAGES } from "../../web/src/strings/call";
import { withoutChromium, launchChromium, newPerson, type Person } from "../support/browser.js";
import { createCallThroughUi, statusText, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { EmulatorClients } from "../support/emulator-clients.js";
import { crashPage, setPaused, watchPages } from "../support/page-lifecycle.js";
import { startSweeper } from "../support/sweeper.js";
import { serveWebApp } from "../support/web-server.js";
import type { Browser } from "playwright-core";

const STALE_SECONDS = 20;
const DROPPED = "The other person's connection dropped. Waiting for them to come back…";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("the other person drops and comes back");

describe.skipIf(whyNot !== null)("the other person drops and comes back", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let clients: EmulatorClients;
  let sweeper: { stop(): Promise<void> };
  const people: Person[] = [];
  const extraPages: Page[] = [];

  beforeAll(async () => {
    web = await serveWebApp({
      outDir: new URL("../../.cache/e2e/peer-drop", import.meta.url).pathname,
      presenceStaleSeconds: STALE_SECONDS,
    });
    browser = await launchChromium();
    clients = new EmulatorClients("e2e-peer-drop");
    sweeper = startSweeper(clients.admin, STALE_SECONDS * 1000);
  });

  afterEach(async (ctx) => {
    for (const [i, who] of people.entries()) {
      if (ctx.task.result?.state === "fail") {
        const pages = [who.page, ...extraPages].filter((p) => !p.isClosed() && p.context() === who.context);
        for (const page of pages) {
          const debug = await Promise.race([
            page.evaluate(() => window.__firecall?.client.diagnostics() ?? null).catch(() => null),
            new Promise((resolve) => setTimeout(() => resolve("no answer"), 1000)),
          ]);
          console.log(`--- person ${i} ---\n${JSON.stringify(debug)}`);
        }
        console.log(who.logs.join("\n"));
      }
      await who.context.close();
    }
    people.length = 0;
    extraPages.length = 0;
  });

  afterAll(async () => {
    await sweeper?.stop();
    await clients?.close();
    await browser?.close();
    await web?.close();
  });

  async function callInProgress(): Promise<{ alice: Person; bob: Person; callId: string }> {
    const alice = await newPerson(browser, web.url);
    const bob = await newPerson(browser, web.url);
    people.push(alice, bob);
    await alice.page.goto("/?stun=none");
    const callId = await createCallThroughUi(alice.page);
    await bob.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(bob.page, "ready");
    await bob.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected"), waitForPhase(bob.page, "connected")]);
    return { alice, bob, callId };
  }

  const other = (page: Page) => page.locator("fc-call-page").getAttribute("data-other");

  /** Polls until the other side's signals document says left (the sweep's mark). Bounded. */
  async function waitForLeft(callId: string, uid: string, timeoutMs: number): Promise<void> {
    await expect
      .poll(async () => (await clients.admin.doc(`${CALLS}/${callId}/${SIGNALS}/${uid}`).get()).get("left"), {
        timeout: timeoutMs,
        interval: 500,
      })
      .toBe(true);
  }

  it("after a crash the one who stays waits for a minute and more; the crashed person reopens the link and media flows both ways with no click on the staying side", async () => {
    const { alice, bob, callId } = await callInProgress();
    const bobUid = await uid(bob.page);
    const watch = watchPages(() => [alice.page, ...extraPages]);
    await crashPage(bob.page);

    // Alice keeps her call and says what happened.
    await expect.poll(() => other(alice.page), { timeout: 40_000, interval: 250 }).toBe("dropped");
    await waitForPhase(alice.page, "waiting");
    const droppedAt = Date.now();
    // Sixty seconds later she is still there (the server counts bob gone on the way: same words).
    await waitForLeft(callId, bobUid, 60_000);
    while (Date.now() - droppedAt < 60_000) {
      expect(await alice.page.locator("fc-call-page").getAttribute("data-phase")).toBe("waiting");
      expect(await statusText(alice.page)).toBe(DROPPED);
      await alice.page.waitForTimeout(2000);
    }
    expect(await alice.page.locator("[data-role=away]").textContent()).toMatch(
      /^Dropped (1 minute|\d+ seconds) ago\.$/,
    );
    const aliceSignal = await clients.admin.doc(`${CALLS}/${callId}/${SIGNALS}/${await uid(alice.page)}`).get();
    expect(aliceSignal.get("left")).toBe(false);

    // Bob opens the link again (a new tab: his tab is dead) and presses Join; Alice does nothing.
    const back = await bob.context.newPage();
    extraPages.push(back);
    await back.goto(`/c/${callId}?stun=none`);
    await waitForPhase(back, "ready");
    await back.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected", 30_000), waitForPhase(back, "connected", 30_000)]);
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(back)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    const seen = await watch.stop();
    expect(seen).not.toContain("phase:error");
    expect(seen).not.toContain(`alert:${PROBLEM_MESSAGES.unreachable}`);
    expect(alice.errors).toEqual([]);
  }, 240_000);

  it("a tab frozen (its JavaScript stopped) for longer than the staleness limit resumes into the call by itself", async () => {
    const { alice, bob, callId } = await callInProgress();
    const bobUid = await uid(bob.page);
    const watch = watchPages(() => [alice.page, bob.page]);
    await setPaused(bob.page, true);
    try {
      // The server counts the silent page gone; Alice keeps waiting for it.
      await waitForLeft(callId, bobUid, STALE_SECONDS * 1000 + 30_000);
      await expect.poll(() => other(alice.page), { timeout: 20_000, interval: 250 }).toBe("dropped");
      expect(await statusText(alice.page)).toBe(DROPPED);
    } finally {
      await setPaused(bob.page, false);
    }
    // Bob's page wakes up, sees it was counted gone and joins again by itself.
    await Promise.all([waitForPhase(alice.page, "connected", 40_000), waitForPhase(bob.page, "connected", 40_000)]);
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    expect((await clients.admin.doc(`${CALLS}/${callId}/${SIGNALS}/${bobUid}`).get()).get("left")).toBe(false);
    const seen = await watch.stop();
    expect(seen).not.toContain("phase:error");
    expect(seen).not.toContain(`alert:${PROBLEM_MESSAGES.unreachable}`);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  }, 180_000);
});

function uid(page: Page): Promise<string> {
  return page.evaluate(() => String(window.__firecall?.client.diagnostics().uid ?? ""));
}
