import { describe, expect, it } from "vitest";
import { withoutChromium, newPerson } from "../support/browser.js";
import { createCallThroughUi, mediaStats, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { useBrowserAndWebApp } from "../support/browser-fixture.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("rooms by name, and joining without camera permission");

describe.skipIf(whyNot !== null)("rooms by name, and joining without camera permission", () => {
  const app = useBrowserAndWebApp();

  it("puts two people who type the same room name into one call", async () => {
    const erin = await newPerson(app.browser, app.url);
    const frank = await newPerson(app.browser, app.url);
    const room = `Team Standup ${Date.now()}`;
    await erin.page.goto("/?stun=none");
    await erin.page.getByRole("textbox", { name: "Room name" }).fill(room);
    await erin.page.getByRole("button", { name: "Go" }).click();
    await waitForPhase(erin.page, "waiting");
    await frank.page.goto("/?stun=none");
    await frank.page.getByRole("textbox", { name: "Room name" }).fill(`  ${room.toUpperCase()}  `);
    await frank.page.getByRole("button", { name: "Go" }).click();
    await waitForPhase(frank.page, "connected");
    expect(new URL(frank.page.url()).pathname).toBe(new URL(erin.page.url()).pathname);
    const [e, f] = await Promise.all([waitForMediaFlowing(erin.page), waitForMediaFlowing(frank.page)]);
    expect(e.framesDecoded).toBeGreaterThan(0);
    expect(f.framesDecoded).toBeGreaterThan(0);
    expect([...erin.errors, ...frank.errors]).toEqual([]);
    await erin.context.close();
    await frank.context.close();
  });

  it("lets someone whose camera is blocked join with the microphone, and tells them why", async () => {
    const host = await newPerson(app.browser, app.url);
    const guest = await newPerson(app.browser, app.url, ["microphone"]);
    await host.page.goto("/?stun=none");
    const callId = await createCallThroughUi(host.page);
    await guest.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(guest.page, "ready");
    await expect
      .poll(() => guest.page.getByRole("alert").first().textContent())
      .toBe("Access to your camera was blocked. The other person will hear you but not see you.");
    await guest.page.getByRole("button", { name: "Join" }).click();
    await waitForPhase(guest.page, "connected");
    // The guest sees and hears the host; the host hears the guest.
    const g = await waitForMediaFlowing(guest.page);
    expect(g.framesDecoded).toBeGreaterThan(0);
    await expect
      .poll(async () => (await mediaStats(host.page)).audioPacketsReceived, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await guest.page.getByRole("button", { name: "Camera", exact: true }).isDisabled()).toBe(true);
    expect([...host.errors, ...guest.errors]).toEqual([]);
    await host.context.close();
    await guest.context.close();
  });

  it("lets someone with camera and microphone blocked join to watch and listen", async () => {
    const host = await newPerson(app.browser, app.url);
    const viewer = await newPerson(app.browser, app.url, []);
    await host.page.goto("/?stun=none");
    const callId = await createCallThroughUi(host.page);
    await viewer.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(viewer.page, "ready");
    await expect
      .poll(() => viewer.page.getByRole("alert").first().textContent())
      .toBe("Access to your camera and microphone was blocked. You can still join to see and hear the other person.");
    await viewer.page.getByRole("button", { name: "Join" }).click();
    await waitForPhase(viewer.page, "connected");
    const v = await waitForMediaFlowing(viewer.page);
    expect(v.framesDecoded).toBeGreaterThan(0);
    expect(v.audioPacketsReceived).toBeGreaterThan(0);
    await host.context.close();
    await viewer.context.close();
  });
});
