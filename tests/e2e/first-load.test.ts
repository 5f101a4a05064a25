// The first load: the start page downloads Lit and itself, nothing of the Firebase SDK; Auth and
// Functions come when the person reaches for a form, Firestore only with a call. Sizes are what
// Chromium downloads from the production build, so this fails when an import drags the SDK back.
import { describe, expect, it } from "vitest";
import { withoutChromium, newPerson } from "../support/browser.js";
import { useBrowserAndWebApp } from "../support/browser-fixture.js";
import { createCallThroughUi, waitForPhase } from "../support/call-page.js";
import { HOME_BUDGET_GZIP_BYTES, routeJavaScript } from "../support/route-javascript.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("the first load");

describe.skipIf(whyNot !== null)("the first load", () => {
  const app = useBrowserAndWebApp();

  it("gives the start page no Firebase SDK, and Auth, Functions and App Check without Firestore on intent", async () => {
    const first = await routeJavaScript(app.browser, app.url, "/", async (page) => {
      await page.getByRole("button", { name: "Create call" }).waitFor();
    });
    expect(first.files.map((f) => f.chunk)).toEqual(["index"]);
    expect(first.gzipBytes).toBeLessThanOrEqual(HOME_BUDGET_GZIP_BYTES);

    const intent = await routeJavaScript(app.browser, app.url, "/", async (page) => {
      await page.getByRole("button", { name: "Create call" }).hover();
    });
    // app-check.ts is the app's own small module; the App Check SDK is in the firebase chunk.
    expect(intent.files.map((f) => f.chunk).sort()).toEqual(["app-check", "firebase", "index", "session"]);
  });

  it("loads the call page and Firestore with a call link, and reaches the join screen", async () => {
    const host = await newPerson(app.browser, app.url);
    await host.page.goto("/?stun=none");
    const callId = await createCallThroughUi(host.page);
    const call = await routeJavaScript(app.browser, app.url, `/c/${callId}?stun=none`, async (page) => {
      await waitForPhase(page, "ready");
    });
    expect(call.files.map((f) => f.chunk)).toEqual(expect.arrayContaining(["call-page", "firestore", "firebase"]));
    await host.context.close();
  });

  it("says so when the call page cannot be downloaded, and Try again gets there", async () => {
    const host = await newPerson(app.browser, app.url);
    const guest = await newPerson(app.browser, app.url);
    await host.page.goto("/?stun=none");
    const callId = await createCallThroughUi(host.page);
    await guest.page.route(/\/assets\/call-page-[\w-]+\.js$/, (route) => route.abort("internetdisconnected"));
    await guest.page.goto(`/c/${callId}?stun=none`);
    await expect
      .poll(() => guest.page.getByRole("alert").first().textContent())
      .toBe("Could not load the call page. Check your connection and try again.");
    await guest.page.unroute(/\/assets\/call-page-[\w-]+\.js$/);
    await guest.page.getByRole("button", { name: "Try again" }).click();
    await waitForPhase(guest.page, "ready");
    expect(guest.errors).toEqual([]);
    await host.context.close();
    await guest.context.close();
  });
});
