import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newPerson, type Person, withoutChromium } from "../support/browser.js";
import {
  createCallThroughUi,
  mediaStats,
  statusText,
  waitForMediaFlowing,
  waitForPhase,
} from "../support/call-page.js";
import { serveWebApp } from "../support/web-server.js";

const canRun = withoutChromium("two people in a call, through the UI and the emulators") === null;

// One browser, one call at a time: a two-party call takes about a third of a core here.
describe.skipIf(!canRun)("two people in a call, through the UI and the emulators", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let bob: Person;
  let callId = "";

  beforeAll(async () => {
    web = await serveWebApp();
    browser = await launchChromium();
    alice = await newPerson(browser, web.url);
    bob = await newPerson(browser, web.url);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    for (const [name, who] of [
      ["alice", alice],
      ["bob", bob],
    ] as const) {
      const debug = await who.page.evaluate(() => window.__firecall?.client.diagnostics() ?? null);
      console.log(`--- ${name} ---\n${JSON.stringify(debug)}\n${who.logs.join("\n")}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("creates a call with a shareable id and link", async () => {
    await alice.page.goto("/?stun=none");
    callId = await createCallThroughUi(alice.page);
    expect(callId).toMatch(/^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
    expect(await alice.page.getByRole("textbox", { name: "Link to this call" }).inputValue()).toBe(
      `${web.url}/c/${callId}`,
    );
    expect(await statusText(alice.page)).toBe("Waiting for the other person to join…");
  });

  it("joins from a pasted link and both sides decode the other's video and audio", async () => {
    await bob.page.goto("/?stun=none");
    await bob.page.getByRole("textbox", { name: "Call id or link" }).fill(`  ${web.url}/c/${callId.toUpperCase()}  `);
    await bob.page.getByRole("button", { name: "Join" }).click();
    await waitForPhase(bob.page, "connected");
    await waitForPhase(alice.page, "connected");
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    expect(a.audioPacketsReceived).toBeGreaterThan(0);
    expect(b.audioPacketsReceived).toBeGreaterThan(0);
  });

  it("delivers chat messages both ways", async () => {
    await alice.page.getByRole("textbox", { name: "Message" }).fill("hello from alice");
    await alice.page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => bob.page.getByRole("log").textContent(), { timeout: 5000 }).toContain("hello from alice");
    await bob.page.getByRole("textbox", { name: "Message" }).fill("hi alice");
    await bob.page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => alice.page.getByRole("log").textContent(), { timeout: 5000 }).toContain("hi alice");
  });

  it("resumes media after one side reloads", async () => {
    const before = await mediaStats(alice.page);
    expect(before.framesDecoded).toBeGreaterThan(0);
    await bob.page.reload();
    await waitForPhase(bob.page, "connected");
    await waitForPhase(alice.page, "connected");
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
  });

  it("tells a third person the call is full", async () => {
    const carol = await newPerson(browser, web.url);
    await carol.page.goto(`/c/${callId}?stun=none`);
    await expect
      .poll(() => carol.page.getByRole("alert").first().textContent(), { timeout: 10_000 })
      .toBe("This call is full: two people are already in it.");
    expect(carol.errors).toEqual([]);
    await carol.context.close();
  });

  it("shows the other side a hang-up within 2 seconds", async () => {
    await bob.page.getByRole("button", { name: "Hang up" }).click();
    const started = Date.now();
    await waitForPhase(alice.page, "waiting", 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await statusText(alice.page)).toBe("The other person left the call. Waiting for them to come back…");
    expect(await statusText(bob.page)).toBe("You left the call.");
  });

  it("lets the person who hung up come back with the same link", async () => {
    await bob.page.getByRole("button", { name: "Rejoin" }).click();
    await waitForPhase(bob.page, "connected");
    await waitForPhase(alice.page, "connected");
    const b = await waitForMediaFlowing(bob.page);
    expect(b.framesDecoded).toBeGreaterThan(0);
  });

  it("explains a malformed or unknown id instead of a blank page", async () => {
    const dave = await newPerson(browser, web.url);
    await dave.page.goto("/c/not-a-call");
    await expect
      .poll(() => dave.page.getByRole("alert").first().textContent())
      .toBe("That is not a call link. A call id looks like abcd-efgh-ijkm-nopq.");
    // A link that is not even valid percent-encoding (`/c/%`) used to throw in the router. (The
    // preview server refuses such a URL itself, so the page goes there the way a click would.)
    await dave.page.goto("/");
    await dave.page.evaluate(() => {
      history.pushState(null, "", "/c/%");
      dispatchEvent(new PopStateEvent("popstate"));
    });
    await expect
      .poll(() => dave.page.getByRole("alert").first().textContent())
      .toBe("That is not a call link. A call id looks like abcd-efgh-ijkm-nopq.");
    expect(await dave.page.locator("fc-call-page").getAttribute("data-phase")).toBe("error");
    await dave.page.goto("/c/zzzz-zzzz-zzzz-zzzz");
    await expect
      .poll(() => dave.page.getByRole("alert").first().textContent(), { timeout: 10_000 })
      .toBe("There is no call with this id. Check the link or ask for a new one.");
    expect(dave.errors).toEqual([]);
    await dave.context.close();
    expect(alice.errors).toEqual([]);
    expect(bob.errors).toEqual([]);
  });
});
