// Screen sharing in real Chromium: a fake 1280×720 screen that getDisplayMedia picks by itself
// (--auto-select-desktop-capture-source; --use-fake-ui-for-media-stream stands in for the
// browser's picker, which headless Chromium cannot show). The other side decodes the whole screen;
// stopping brings the camera back; no new offer either way.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withoutChromium, launchChromium, newPerson, type Person } from "../support/browser.js";
import {
  callWithNamedGuest,
  inboundWidth,
  localSeq,
  printIfFailed,
  sentVideo,
  waitForRemoteTile,
} from "../support/call-screen.js";
import { serveWebApp } from "../support/web-server.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("screen sharing");

describe.skipIf(whyNot !== null)("screen sharing", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let sam: Person;

  beforeAll(async () => {
    web = await serveWebApp();
    browser = await launchChromium([
      "--use-fake-ui-for-media-stream",
      "--auto-select-desktop-capture-source=Entire screen",
    ]);
    alice = await newPerson(browser, web.url);
    sam = await newPerson(browser, web.url);
    await callWithNamedGuest(alice, sam, "Sam");
  });

  afterEach((ctx) => printIfFailed(ctx.task.result?.state, [alice, sam]));
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("shares the screen uncropped and says who presents; stopping brings the camera back, no new offer", async () => {
    const seqBefore = [await localSeq(alice.page), await localSeq(sam.page)];
    const share = sam.page.getByRole("button", { name: "Present your screen" });
    await share.click();
    await expect.poll(() => share.getAttribute("aria-pressed"), { timeout: 10_000 }).toBe("true");
    expect((await sentVideo(sam.page)).contentHint).toBe("detail");
    await expect.poll(() => inboundWidth(alice.page), { timeout: 20_000 }).toBeGreaterThanOrEqual(1000);
    const { tile } = await waitForRemoteTile(alice.page, (t) => t.presenting === "Sam is presenting.");
    expect(tile.cameraOff).toBe(false);
    await alice.page.screenshot({ path: "/tmp/firecall-shots/presenting-1280x720.png" });

    await share.click();
    await expect.poll(() => share.getAttribute("aria-pressed")).toBe("false");
    await expect.poll(() => inboundWidth(alice.page), { timeout: 20_000 }).toBeLessThanOrEqual(640);
    await waitForRemoteTile(alice.page, (t) => t.presenting === null && !t.cameraOff);
    expect([await localSeq(alice.page), await localSeq(sam.page)]).toEqual(seqBefore);
    expect([...alice.errors, ...sam.errors]).toEqual([]);
  });
});
