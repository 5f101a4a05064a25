// Calls through a real coturn on loopback: relay-only media, recovery when the relay goes away
// (ICE restart), and a clear error for a credential the relay refuses.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Coturn } from "../../scripts/local-turn.mjs";
import { cannotRunHere, launchChromium, newPerson, withoutChromium, type Person } from "../support/browser.js";
import {
  clientMark,
  createCallThroughUi,
  mediaStats,
  selectedPair,
  statusText,
  waitForMediaFlowing,
  waitForPhase,
  waitForQualityRoute,
} from "../support/call-page.js";
import { credentialExpiringAt, relayConfigured, startRelay } from "../support/relay.js";
import { serveWebApp } from "../support/web-server.js";

const relayWhyNot =
  withoutChromium("calls through the TURN relay (coturn on loopback)") ??
  cannotRunHere(
    "calls through the TURN relay (coturn on loopback)",
    relayConfigured() ? null : "coturn (turnserver) is not installed",
  );

const RELAY_MESSAGE =
  "Cannot reach the relay server, so the call cannot connect. Check your connection or firewall and try again.";

describe.skipIf(relayWhyNot !== null)("calls through the TURN relay (coturn on loopback)", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let relay: Coturn | null = null;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    relay = await startRelay();
    web = await serveWebApp();
    browser = await launchChromium();
    alice = await newPerson(browser, web.url);
    bob = await newPerson(browser, web.url);
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state === "fail") {
      console.log(
        `--- alice ---\n${alice.logs.join("\n")}\n--- bob ---\n${bob.logs.join("\n")}\nrelay log: ${relay?.logFile}`,
      );
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await relay?.stop();
  });

  it("relay-only: media flows and the selected pair is relay on both sides", async () => {
    await alice.page.goto("/?stun=none&relay=1");
    const callId = await createCallThroughUi(alice.page);
    await bob.page.goto(`/c/${callId}?stun=none&relay=1`);
    await waitForPhase(bob.page, "ready");
    await bob.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected"), waitForPhase(bob.page, "connected")]);
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    expect(await selectedPair(alice.page)).toEqual({ local: "relay", remote: "relay" });
    expect(await selectedPair(bob.page)).toEqual({ local: "relay", remote: "relay" });
    // The person sees it too.
    expect(await waitForQualityRoute(alice.page)).toBe("relay");
    expect(await waitForQualityRoute(bob.page)).toBe("relay");
  });

  it("recovers when the relay dies and comes back: ICE restarts and media resumes", async () => {
    const before = await mediaStats(alice.page);
    const started = Date.now();
    await relay!.stop(); // every allocation is gone: only a restart with fresh ones can recover
    await Promise.all([waitForPhase(alice.page, "reconnecting"), waitForPhase(bob.page, "reconnecting")]);
    expect(await statusText(alice.page)).toBe("Connection lost. Reconnecting…");
    relay = await startRelay();
    await Promise.all([waitForPhase(alice.page, "connected", 40_000), waitForPhase(bob.page, "connected", 40_000)]);
    const recoveredMs = Date.now() - started;
    const [a] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(before.framesDecoded);
    const restarted = [await clientMark(alice.page, "iceRestart"), await clientMark(bob.page, "iceRestart")];
    expect(restarted.some((m) => m !== null)).toBe(true);
    expect(await selectedPair(alice.page)).toEqual({ local: "relay", remote: "relay" });
    console.log(`relay outage: back to connected ${recoveredMs} ms after the relay died`);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
  });

  it("says the relay cannot be reached when it refuses an expired credential, instead of hanging", async () => {
    const carol = await newPerson(browser, web.url);
    // Hand the page a credential that expired a minute ago, correctly signed: coturn answers 401.
    await carol.page.route("**/getIceServers", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { result: { iceServers: RTCIceServer[] } };
      for (const server of body.result.iceServers) {
        if (!server.username) continue;
        const uid = server.username.split(":")[1]!;
        Object.assign(server, credentialExpiringAt(uid, Math.floor(Date.now() / 1000) - 60));
      }
      await route.fulfill({ response, json: body });
    });
    await carol.page.goto("/?stun=none&relay=1");
    await carol.page.getByRole("button", { name: "Create call" }).click();
    await waitForPhase(carol.page, "error", 20_000);
    expect(await carol.page.getByRole("alert").first().textContent()).toBe(RELAY_MESSAGE);
    expect(await carol.page.getByRole("button", { name: "Try again" }).isVisible()).toBe(true);
    expect(carol.errors).toEqual([]);
    await carol.context.close();
  });
});
