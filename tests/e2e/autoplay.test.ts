// Chromium's real autoplay policy (no --autoplay-policy=no-user-gesture-required): a page that
// joins by itself (a rejoin) has had no click, so the browser refuses sound; the tile must offer
// "Click to turn on sound", and the click must turn it on.
import { describe, expect, it } from "vitest";
import { chromiumAvailable, launchChromium, newPerson } from "../support/browser.js";
import { createCallThroughUi, waitForPhase } from "../support/call-page.js";
import { serveWebApp } from "../support/web-server.js";

const REMOTE_VIDEO = `document.querySelector("fc-app").shadowRoot.querySelector("fc-call-page").shadowRoot
  .querySelector("fc-stage").shadowRoot.querySelector("fc-video-tile.remote").shadowRoot.querySelector("video")`;

describe.skipIf(!chromiumAvailable())("sound under the browser's autoplay policy", () => {
  // UNFINISHED, skipped: without the no-user-gesture flag Chromium still played the remote video
  // here (no refusal, so no offer appeared within 15 s). Whether the policy applies to this page
  // (flags, a silent stream at play() time) is not yet established. Issue 10 lists this as not done.
  it.skip("offers 'Click to turn on sound' when the browser refuses it, and the click turns it on", async () => {
    const web = await serveWebApp();
    // Later flags win: this replaces the suite's no-user-gesture-required policy with Chromium's default.
    const browser = await launchChromium(["--autoplay-policy=document-user-activation-required"]);
    try {
      const alice = await newPerson(browser, web.url);
      // No camera or microphone: a page that captures may be let to autoplay; this one may not.
      const sam = await newPerson(browser, web.url, []);
      await alice.page.goto("/?stun=none");
      const callId = await createCallThroughUi(alice.page);
      // Sam never clicks on this site: the page joins by itself, as after a reload in the call
      // (Chromium keeps a click's activation across a reload of the same site, so a real reload
      // after pressing Join would be allowed to play).
      await sam.page.addInitScript((id) => sessionStorage.setItem(`firecall:joined:${id}`, "1"), callId);
      await sam.page.goto(`/c/${callId}?stun=none`);
      await waitForPhase(sam.page, "connected", 30_000);
      const offer = sam.page.getByRole("button", { name: "Click to turn on sound" });
      await offer.waitFor({ timeout: 15_000 });
      expect(await sam.page.evaluate(`${REMOTE_VIDEO}.muted`)).toBe(true);
      await offer.click();
      await expect.poll(() => offer.count()).toBe(0);
      expect(await sam.page.evaluate(`${REMOTE_VIDEO}.muted`)).toBe(false);
      expect(await sam.page.evaluate(`${REMOTE_VIDEO}.paused`)).toBe(false);
      expect([...alice.errors, ...sam.errors]).toEqual([]);
    } finally {
      await browser.close();
      await web.close();
    }
  });
});
