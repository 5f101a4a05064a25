// One person's network goes away (their whole network home: the link to the web app and the
// emulators and the link to the relay) and comes back: both pages recover by themselves. Once
// briefly (20 s: ICE restarts, same page session) and once for longer than the staleness limit
// (the server counts the silent page gone: it rejoins by itself, with the same seat). The sweep
// runs on the real clock with a short limit; the web app is built with the same limit.
// Needs root and iproute2 (network namespaces) and coturn; otherwise skipped, saying why.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CALLS, SIGNALS } from "@firecall/model";
import { OFFLINE, PROBLEM_MESSAGES } from "../../web/src/strings/call";
import { cannotRunHere, type Person } from "../support/browser.js";
import { createCallThroughUi, statusText, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { EmulatorClients } from "../support/emulator-clients.js";
import { homesUnavailable, setUpTwoHomes, type TwoHomes } from "../support/homes-fixture.js";
import { setHomeOnline, type Home } from "../support/netns.js";
import { watchPages } from "../support/page-lifecycle.js";
import { startSweeper } from "../support/sweeper.js";

const STALE_SECONDS = 45;
// Said aloud when the proof cannot run here: skipped, never passed.
const whyNot = cannotRunHere("one person's network goes away and comes back (network namespaces)", homesUnavailable());

describe.skipIf(whyNot !== null)("one person's network goes away and comes back (network namespaces)", () => {
  let setup: TwoHomes | null = null;
  let clients: EmulatorClients;
  let sweeper: { stop(): Promise<void> } | null = null;
  let alice: Person;
  let bob: Person;
  let bobHome: Home;
  let callId = "";

  beforeAll(async () => {
    setup = await setUpTwoHomes({
      outDir: new URL("../../.cache/e2e/network-loss", import.meta.url).pathname,
      presenceStaleSeconds: STALE_SECONDS,
    });
    ({ alice, bob } = setup);
    bobHome = setup.homes[1]!;
    clients = new EmulatorClients("e2e-network-loss");
    sweeper = startSweeper(clients.admin, STALE_SECONDS * 1000);
    await alice.page.goto("/?stun=none");
    callId = await createCallThroughUi(alice.page);
    await bob.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(bob.page, "ready");
    await bob.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected", 30_000), waitForPhase(bob.page, "connected", 30_000)]);
  });

  afterEach(async (ctx) => {
    if (bobHome) setHomeOnline(bobHome, true);
    if (ctx.task.result?.state !== "fail") return;
    for (const [name, who] of [
      ["alice", alice],
      ["bob", bob],
    ] as const) {
      const debug = await who.page.evaluate(() => window.__firecall?.client.diagnostics()).catch(() => null);
      console.log(`--- ${name} ---\n${JSON.stringify(debug)}\n${who.logs.join("\n")}`);
    }
  });

  afterAll(async () => {
    await sweeper?.stop();
    await clients?.close();
    await setup?.teardown();
  });

  const bobSignal = async () => {
    const uid = await bob.page.evaluate(() => String(window.__firecall?.client.diagnostics().uid ?? ""));
    return (await clients.admin.doc(`${CALLS}/${callId}/${SIGNALS}/${uid}`).get()).data() ?? {};
  };
  const session = (who: Person) => who.page.evaluate(() => window.__firecall?.client.session ?? "");

  /** Takes Bob's home offline until `until` resolves, then back; resolves with how long it was down. */
  async function outage(until: () => Promise<void>): Promise<number> {
    const started = Date.now();
    setHomeOnline(bobHome, false);
    try {
      await expect
        .poll(() => bob.page.locator("fc-call-page").getAttribute("data-network"), { timeout: 30_000, interval: 250 })
        .toBe("offline");
      expect(await statusText(bob.page)).toBe(OFFLINE);
      await until();
    } finally {
      setHomeOnline(bobHome, true);
    }
    return Date.now() - started;
  }

  async function bothRecover(): Promise<void> {
    await Promise.all([waitForPhase(alice.page, "connected", 60_000), waitForPhase(bob.page, "connected", 60_000)]);
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page, 30_000), waitForMediaFlowing(bob.page, 30_000)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
  }

  it("down for 20 s: both reconnect by themselves on the same page sessions (ICE restart)", async () => {
    const sessions = [await session(alice), await session(bob)];
    // Cut right after Bob's heartbeat landed, so 20 s stays well inside the staleness limit.
    const last = (await bobSignal()).updatedAt?.toMillis() as number;
    await expect.poll(async () => (await bobSignal()).updatedAt?.toMillis(), { timeout: 30_000 }).not.toBe(last);
    const watch = watchPages(() => [alice.page, bob.page]);
    const downMs = await outage(() => alice.page.waitForTimeout(Math.max(0, 20_000 - 1000)));
    await bothRecover();
    expect([await session(alice), await session(bob)]).toEqual(sessions);
    expect((await bobSignal()).left).toBe(false);
    const seen = await watch.stop();
    expect(seen).not.toContain("phase:error");
    expect(seen).not.toContain(`alert:${PROBLEM_MESSAGES.unreachable}`);
    console.log(`network down ${downMs} ms, then both connected again`);
  }, 180_000);

  it("down for longer than the staleness limit: the server counts Bob gone, Alice waits, Bob rejoins by himself", async () => {
    const aliceSession = await session(alice);
    const bobSession = await session(bob);
    const watch = watchPages(() => [alice.page, bob.page]);
    await outage(async () => {
      await expect
        .poll(async () => (await bobSignal()).left, { timeout: (STALE_SECONDS + 60) * 1000, interval: 1000 })
        .toBe(true);
      await expect
        .poll(() => alice.page.locator("fc-call-page").getAttribute("data-other"), { timeout: 20_000 })
        .toBe("dropped");
    });
    await bothRecover();
    expect(await session(alice)).toBe(aliceSession);
    expect(await session(bob)).not.toBe(bobSession); // joined afresh: the old session was counted gone
    expect((await bobSignal()).left).toBe(false);
    const seen = await watch.stop();
    expect(seen).not.toContain("phase:error");
    expect(seen).not.toContain(`alert:${PROBLEM_MESSAGES.unreachable}`);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  }, 300_000);
});
