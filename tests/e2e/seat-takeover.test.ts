// The same person opening the call in a second tab takes over their seat; the first tab says so
// and stops, and the other person ends up talking to the new tab.
import { describe, expect, it } from "vitest";
import { withoutChromium, newPerson } from "../support/browser.js";
import { createCallThroughUi, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { useBrowserAndWebApp } from "../support/browser-fixture.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("a second tab of the same person");

describe.skipIf(whyNot !== null)("a second tab of the same person", () => {
  const app = useBrowserAndWebApp();

  it("takes over the seat; the older tab is told it was replaced", async () => {
    const alice = await newPerson(app.browser, app.url);
    const bob = await newPerson(app.browser, app.url);
    await alice.page.goto("/?stun=none");
    const callId = await createCallThroughUi(alice.page);
    await bob.page.goto(`/c/${callId}?stun=none`);
    await bob.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(alice.page, "connected"), waitForPhase(bob.page, "connected")]);

    // Same browser context: same storage, so the same anonymous user, in a new tab.
    const second = await alice.context.newPage();
    await second.goto(`/c/${callId}?stun=none`);
    await waitForPhase(second, "ready");
    await second.getByRole("button", { name: "Join" }).click();
    await waitForPhase(alice.page, "error", 15_000);
    expect(await alice.page.getByRole("alert").first().textContent()).toBe(
      "This call was opened in another tab or window, so it continues there.",
    );
    await Promise.all([waitForPhase(second, "connected"), waitForPhase(bob.page, "connected")]);
    const [s, b] = await Promise.all([waitForMediaFlowing(second), waitForMediaFlowing(bob.page)]);
    expect(s.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    // The replaced tab wrote nothing over the new tab's signals: the call stays up.
    expect(await bob.page.locator("fc-app").evaluate(() => window.__firecall?.client.snapshot.phase)).toBe("connected");
    expect([...alice.errors, ...bob.errors]).toEqual([]);
    await alice.context.close();
    await bob.context.close();
  });
});
