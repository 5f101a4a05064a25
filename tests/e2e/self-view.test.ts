// The self view moves between the stage's corners, by dragging it with the pointer or with the
// arrow keys once focused, and the corner is remembered on this device. Screenshots at desktop and
// phone size go to FIRECALL_SHOTS_DIR for a person to look at.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newPerson, withoutChromium, type Person } from "../support/browser.js";
import { waitForPhase } from "../support/call-page.js";
import { callWithNamedGuest, printIfFailed, seriousViolations } from "../support/call-screen.js";
import { serveWebApp } from "../support/web-server.js";

const SHOTS = process.env.FIRECALL_SHOTS_DIR ?? "/tmp/firecall-shots";

/** Which quadrant of the stage the self view's middle is in, and the corner it says it is in. */
async function selfPlace(page: Page): Promise<{ corner: string | null; quadrant: string }> {
  const stage = (await page.locator("fc-stage").boundingBox())!;
  const tile = page.locator("fc-video-tile.self");
  const box = (await tile.boundingBox())!;
  const x = box.x + box.width / 2 - stage.x;
  const y = box.y + box.height / 2 - stage.y;
  return {
    corner: await tile.getAttribute("data-corner"),
    quadrant: `${y < stage.height / 2 ? "top" : "bottom"}-${x < stage.width / 2 ? "left" : "right"}`,
  };
}

const whyNot = withoutChromium("moving the self view");

describe.skipIf(whyNot !== null)("moving the self view", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let sam: Person;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await serveWebApp();
    browser = await launchChromium();
    alice = await newPerson(browser, web.url);
    sam = await newPerson(browser, web.url);
    await alice.page.setViewportSize({ width: 1280, height: 800 });
  });

  afterEach((ctx) => printIfFailed(ctx.task.result?.state, [alice, sam]));
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("drags the self view to the corner it is dropped nearest", async () => {
    await callWithNamedGuest(alice, sam, "Sam");
    expect(await selfPlace(alice.page)).toEqual({ corner: "bottom-right", quadrant: "bottom-right" });
    const stage = (await alice.page.locator("fc-stage").boundingBox())!;
    const box = (await alice.page.locator("fc-video-tile.self").boundingBox())!;
    await alice.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await alice.page.mouse.down();
    await alice.page.mouse.move(stage.x + stage.width * 0.2, stage.y + stage.height * 0.25, { steps: 8 });
    await alice.page.mouse.up();
    await expect.poll(() => selfPlace(alice.page)).toEqual({ corner: "top-left", quadrant: "top-left" });
  });

  it("moves it with the arrow keys once focused, and says how", async () => {
    const tile = alice.page.getByRole("group", { name: /Your video\. Drag it, or use the arrow keys/ });
    await tile.focus();
    await alice.page.keyboard.press("ArrowRight");
    await expect.poll(() => selfPlace(alice.page)).toEqual({ corner: "top-right", quadrant: "top-right" });
    await alice.page.keyboard.press("ArrowDown");
    await alice.page.keyboard.press("ArrowLeft");
    await expect.poll(() => selfPlace(alice.page)).toEqual({ corner: "bottom-left", quadrant: "bottom-left" });
    // Focus stays on the self view as it moves (through the shadow roots to the focused element).
    const focused = await alice.page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return `${el?.tagName} ${el?.className}`;
    });
    expect(focused).toBe("FC-VIDEO-TILE self");
    expect(await seriousViolations(alice.page)).toEqual([]);
  });

  it("remembers the corner on this device, at desktop and phone size", async () => {
    await alice.page.keyboard.press("ArrowUp");
    await expect.poll(() => selfPlace(alice.page)).toEqual({ corner: "top-left", quadrant: "top-left" });
    await alice.page.reload();
    await waitForPhase(alice.page, "connected");
    expect(await selfPlace(alice.page)).toEqual({ corner: "top-left", quadrant: "top-left" });
    await alice.page.screenshot({ path: `${SHOTS}/self-view-top-left-1280x800.png` });
    await alice.page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => selfPlace(alice.page)).toEqual({ corner: "top-left", quadrant: "top-left" });
    await alice.page.screenshot({ path: `${SHOTS}/self-view-top-left-390x844.png` });
    expect([...alice.errors, ...sam.errors]).toEqual([]);
  });
});
