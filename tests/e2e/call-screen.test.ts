// The call screen as a person sees it, in real Chromium with fake devices: the join screen, names,
// mute and camera-off on the other side, the stage's size at desktop and phone sizes, the tab
// title, chat links, and axe-core scans of every screen.
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withoutChromium, launchChromium, newPerson, type Person } from "../support/browser.js";
import { createCallThroughUi, statusText, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import {
  controlBarBox,
  countMediaRequests,
  mediaRequests,
  remoteTile,
  seriousViolations,
  tonesPlayed,
  waitForRemoteTile,
  printIfFailed,
} from "../support/call-screen.js";
import { serveWebApp } from "../support/web-server.js";

/** Pictures for a person to look at after a run (not compared by the test). */
const SHOTS = process.env.FIRECALL_SHOTS_DIR ?? "/tmp/firecall-shots";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("the call screen");

describe.skipIf(whyNot !== null)("the call screen", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let sam: Person;
  let callId = "";

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await serveWebApp();
    // Two fake cameras, as a laptop with an external camera would have.
    browser = await launchChromium(["--use-fake-device-for-media-stream=device-count=2"]);
    alice = await newPerson(browser, web.url);
    sam = await newPerson(browser, web.url);
    await alice.page.setViewportSize({ width: 1280, height: 800 });
    await sam.page.setViewportSize({ width: 1280, height: 800 });
  });

  afterEach((ctx) => printIfFailed(ctx.task.result?.state, [alice, sam]));
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("starts no camera on the home page, and the home page has no serious accessibility violations", async () => {
    await countMediaRequests(alice.page);
    await alice.page.goto("/?stun=none");
    await alice.page.getByRole("button", { name: "Create call" }).waitFor();
    expect(await seriousViolations(alice.page)).toEqual([]);
    expect(await mediaRequests(alice.page)).toBe(0);
    callId = await createCallThroughUi(alice.page);
  });

  it("shows the join screen: preview, both cameras, a live mic meter, who is here; the name is remembered", async () => {
    await sam.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(sam.page, "ready");
    await expect.poll(() => sam.page.getByRole("combobox", { name: "Camera" }).locator("option").count()).toBe(2);
    await expect
      .poll(() => sam.page.locator("[data-role=mic-level]").evaluate((m) => (m as HTMLMeterElement).value), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    expect(await sam.page.locator("[data-role=who-is-here]").textContent()).toBe("The other person is already here.");
    await sam.page.getByRole("textbox", { name: "Your name" }).fill("Sam Lee");
    await sam.page.screenshot({ path: `${SHOTS}/join-1280x800.png` });
    expect(await seriousViolations(sam.page)).toEqual([]);
    await sam.page.reload();
    await waitForPhase(sam.page, "ready");
    expect(await sam.page.getByRole("textbox", { name: "Your name" }).inputValue()).toBe("Sam Lee");
  });

  it("shows the name typed before joining on the other side, in the status line and the tab title", async () => {
    await sam.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected"), waitForPhase(sam.page, "connected")]);
    await waitForMediaFlowing(alice.page);
    const { tile } = await waitForRemoteTile(alice.page, (t) => t.label === "Sam Lee" && t.pictureWidth > 0);
    expect(tile).toMatchObject({ micOff: false, cameraOff: false });
    await expect.poll(() => alice.page.title()).toBe("In call with Sam Lee · Firecall");
    // A tone when the other person joined (Alice was waiting); none for Sam, who joined Alice.
    expect(await tonesPlayed(alice.page)).toEqual(["join"]);
    expect(await tonesPlayed(sam.page)).toEqual([]);
    expect(await statusText(alice.page)).toBe("Connected.");
  });

  it("fills the stage: at 1280×800 the other person is ≥55% of the width or ≥70% of the height, controls on screen", async () => {
    const tile = (await remoteTile(alice.page))!;
    expect(tile.pictureWidth / 1280 >= 0.55 || tile.pictureHeight / 800 >= 0.7, JSON.stringify(tile)).toBe(true);
    const bar = await controlBarBox(alice.page);
    expect(bar.top).toBeGreaterThan(0);
    expect(bar.bottom).toBeLessThanOrEqual(bar.viewport);
    await alice.page.screenshot({ path: `${SHOTS}/call-1280x800.png` });
    expect(await seriousViolations(alice.page)).toEqual([]);
  });

  it("fills a phone's width: at 390×844 the other person is ≥85% of the width, controls on screen", async () => {
    await alice.page.setViewportSize({ width: 390, height: 844 });
    const { tile } = await waitForRemoteTile(alice.page, (t) => t.pictureWidth > 0 && t.pictureWidth <= 390);
    expect(tile.pictureWidth / 390).toBeGreaterThanOrEqual(0.85);
    const bar = await controlBarBox(alice.page);
    expect(bar.bottom).toBeLessThanOrEqual(bar.viewport);
    await alice.page.screenshot({ path: `${SHOTS}/call-390x844.png` });
    expect(await seriousViolations(alice.page)).toEqual([]);
    await alice.page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows the other side a muted microphone and, with the camera off, initials instead of a black frame", async () => {
    await sam.page.getByRole("button", { name: "Microphone", exact: true }).click();
    expect(await sam.page.getByRole("button", { name: "Microphone", exact: true }).getAttribute("aria-pressed")).toBe(
      "false",
    );
    const muted = await waitForRemoteTile(alice.page, (t) => t.micOff);
    await sam.page.getByRole("button", { name: "Camera", exact: true }).click();
    const dark = await waitForRemoteTile(alice.page, (t) => t.cameraOff && t.avatar === "SL");
    console.log(`mute seen after ${muted.ms} ms, camera off after ${dark.ms} ms (polled every 50 ms)`);
    await alice.page.screenshot({ path: `${SHOTS}/camera-off-1280x800.png` });
    // A reload reads the state from the signals document before any data channel opens.
    await alice.page.reload();
    await waitForPhase(alice.page, ["connected", "connecting", "waiting"]);
    await waitForRemoteTile(alice.page, (t) => t.micOff && t.cameraOff && t.label === "Sam Lee", 20_000);
    await waitForPhase(alice.page, "connected");
    await sam.page.getByRole("button", { name: "Microphone", exact: true }).click();
    await sam.page.getByRole("button", { name: "Camera", exact: true }).click();
    await waitForRemoteTile(alice.page, (t) => !t.micOff && !t.cameraOff && t.pictureWidth > 0);
  });

  it("makes http(s) addresses in chat links and nothing else, with the sender's name", async () => {
    await sam.page.getByRole("textbox", { name: "Message" }).fill("notes: https://example.com/x, javascript:alert(1)");
    await sam.page.getByRole("button", { name: "Send" }).click();
    const log = alice.page.getByRole("log");
    await expect.poll(() => log.textContent(), { timeout: 5000 }).toContain("javascript:alert(1)");
    const links = log.getByRole("link");
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute("href")).toBe("https://example.com/x");
    expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
    expect(await log.textContent()).toContain("Sam Lee");
  });

  it("counts unread messages in the tab title while the chat is closed", async () => {
    await alice.page.getByRole("button", { name: "Chat", exact: true }).click();
    await sam.page.getByRole("textbox", { name: "Message" }).fill("are you there?");
    await sam.page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => alice.page.title(), { timeout: 5000 }).toBe("(1) In call with Sam Lee · Firecall");
    await alice.page.getByRole("button", { name: "Chat", exact: true }).click();
    await expect.poll(() => alice.page.title()).toBe("In call with Sam Lee · Firecall");
  });

  it("says who left, by name, and the screen after hanging up has no serious violations", async () => {
    await sam.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(sam.page, "left");
    await expect.poll(() => statusText(alice.page), { timeout: 10_000 }).toMatch(/^Sam Lee left the call/);
    // Alice reloaded earlier (her page's record starts again then): the last tone is the leave.
    expect((await tonesPlayed(alice.page)).at(-1)).toBe("leave");
    expect(await seriousViolations(sam.page)).toEqual([]);
    expect([...alice.errors, ...sam.errors]).toEqual([]);
  });
});
