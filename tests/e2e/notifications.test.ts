// The "Notify me when this tab is in the background" setting in real Chromium: the permission is
// asked on its click and never on load, a refusal leaves it off and says how to allow it, allowing
// it later in the browser turns the setting back on, it is remembered, and a tab that is being
// looked at gets no notification. The hidden-tab path (a notification when the other person joins,
// leaves or writes) is covered by tests/unit/notification-controller.test.ts only: this headless
// Chromium reports every page "visible" (tried: another page in front with bringToFront, a
// background tab made with CDP Target.createTarget, a minimised window; headless and headful with
// --ozone-platform=headless), so a browser test cannot hide the page without faking visibility.
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newPerson, withoutChromium, type Person } from "../support/browser.js";
import { createCallThroughUi, waitForPhase } from "../support/call-page.js";
import { printIfFailed } from "../support/call-screen.js";
import { serveWebApp } from "../support/web-server.js";

const SETTING = "Notify me when this tab is in the background";
/** Pictures for a person to look at after a run (not compared by the test). */
const SHOTS = process.env.FIRECALL_SHOTS_DIR ?? "/tmp/firecall-shots";

/** Counts Notification.requestPermission calls from the start of every document (the real API runs). */
async function countPermissionRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __permissionRequests: number };
    w.__permissionRequests = 0;
    const original = Notification.requestPermission.bind(Notification);
    Notification.requestPermission = () => {
      w.__permissionRequests++;
      return original();
    };
  });
}

const permissionRequests = (page: Page) =>
  page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests);

/** The titles of the notifications the browser reported shown on this page (its `show` events). */
const shownNotifications = (page: Page): Promise<string[]> =>
  page.evaluate(
    `[...(document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.notifications?.shown ?? [])]`,
  );

async function openSettings(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByRole("checkbox", { name: SETTING }).waitFor();
}

const whyNot = withoutChromium("notifications while the tab is in the background");

describe.skipIf(whyNot !== null)("notifications while the tab is in the background", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let sam: Person;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await serveWebApp();
    browser = await launchChromium();
    // Every permission at the browser's default ("ask"), as on a first visit: newPerson's explicit
    // grants make Playwright answer "denied" for the rest. Alice needs no camera here.
    alice = await newPerson(browser, web.url, []);
    await alice.context.clearPermissions();
    sam = await newPerson(browser, web.url);
  });

  afterEach((ctx) => printIfFailed(ctx.task.result?.state, [alice, sam]));
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("asks for permission only on the setting's click; off while the prompt is open; says so when blocked", async () => {
    await countPermissionRequests(alice.page);
    await alice.page.goto("/?stun=none");
    await createCallThroughUi(alice.page);
    expect(await permissionRequests(alice.page)).toBe(0);
    expect(await alice.page.evaluate(() => Notification.permission)).toBe("default");

    await openSettings(alice.page);
    const setting = alice.page.getByRole("checkbox", { name: SETTING });
    expect(await setting.isChecked()).toBe(false);
    await setting.click();
    await expect.poll(() => permissionRequests(alice.page)).toBe(1);
    // Nobody answers the prompt in headless Chromium: the setting stays off while it is open.
    await expect.poll(() => setting.isChecked()).toBe(false);
    expect(await alice.page.getByText("Your browser is asking whether this site may show notifications").count()).toBe(
      1,
    );
    expect(await alice.page.evaluate(() => Notification.permission)).toBe("default");

    // Blocked in the browser (as in the site settings): the setting says so and cannot be turned on.
    await alice.context.grantPermissions(["clipboard-read"]);
    expect(await alice.page.evaluate(() => Notification.permission)).toBe("denied");
    await expect.poll(() => setting.isDisabled()).toBe(true);
    expect(await setting.isChecked()).toBe(false);
    await expect.poll(() => alice.page.getByText("This browser blocks notifications from this site").count()).toBe(1);
    await alice.page.setViewportSize({ width: 1280, height: 800 });
    await alice.page.screenshot({ path: `${SHOTS}/settings-notifications-blocked-1280x800.png` });
  });

  it("follows the browser when notifications are allowed later; the click turns it on and it is remembered", async () => {
    // As a person would in the site settings: the setting becomes available without a reload.
    await alice.context.grantPermissions(["notifications"]);
    const setting = alice.page.getByRole("checkbox", { name: SETTING });
    await expect.poll(() => setting.isDisabled()).toBe(false);
    expect(await alice.page.getByText("This browser blocks notifications from this site").count()).toBe(0);
    await setting.click();
    await expect.poll(() => setting.isChecked()).toBe(true);
    expect(await permissionRequests(alice.page)).toBe(1);

    await alice.page.reload();
    await waitForPhase(alice.page, "waiting");
    await openSettings(alice.page);
    expect(await alice.page.getByRole("checkbox", { name: SETTING }).isChecked()).toBe(true);
    expect(await permissionRequests(alice.page)).toBe(0);
    await alice.page.screenshot({ path: `${SHOTS}/settings-notifications-on-1280x800.png` });
    await alice.page.setViewportSize({ width: 390, height: 844 });
    await alice.page.screenshot({ path: `${SHOTS}/settings-notifications-on-390x844.png` });
    await alice.page.setViewportSize({ width: 1280, height: 800 });
  });

  it("shows no notification while the tab is being looked at: Sam joins and writes, Alice sees it in the page", async () => {
    const callId = new URL(alice.page.url()).pathname.split("/").at(-1)!;
    await sam.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(sam.page, "ready");
    await sam.page.getByRole("textbox", { name: "Your name" }).fill("Sam");
    await sam.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected"), waitForPhase(sam.page, "connected")]);
    await sam.page.getByRole("textbox", { name: "Message" }).fill("are you there?");
    await sam.page.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => alice.page.title()).toBe("(1) In call with Sam · Firecall");
    expect(await alice.page.evaluate(() => document.visibilityState)).toBe("visible");
    expect(await shownNotifications(alice.page)).toEqual([]);
    expect([...alice.errors, ...sam.errors]).toEqual([]);
  });
});
