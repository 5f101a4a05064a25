// Chromium's real autoplay policy (`--autoplay-policy=document-user-activation-required`, not the
// suite's permissive one): a page nobody clicked may not play sound. The remote video must still
// play (muted), the stage must offer "Click to turn on sound", and that click must bring the sound.
//
// Two things hid the refusal before: Chromium keeps the first of two --autoplay-policy flags (so
// adding the real one after the permissive one changed nothing; launchChromium now replaces it), and
// Playwright's page.evaluate counts as a click (CDP userGesture: true), so Sam's page is read only
// through UntouchedPage until the click under test. Chromium also lets a page that is capturing the
// camera or microphone play sound, so Sam allows neither: he joins to watch and listen.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, newPerson, withoutChromium, type Person } from "../support/browser.js";
import { createCallThroughUi, waitForPhase } from "../support/call-page.js";
import { printIfFailed } from "../support/call-screen.js";
import { UntouchedPage } from "../support/untouched-page.js";
import { serveWebApp } from "../support/web-server.js";

const TILE = `document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.shadowRoot
  ?.querySelector("fc-stage")?.shadowRoot?.querySelector("fc-video-tile.remote")?.shadowRoot`;
const VIDEO = `${TILE}?.querySelector("video")`;
const OFFER = `${TILE}?.querySelector("button.sound")`;

/** The remote video, the offer, the page's activation and the inbound audio, read without a gesture. */
const SOUND = `(async () => {
  const video = ${VIDEO};
  let samples = 0;
  let level = 0;
  (await window.__firecall?.client.peerConnection?.getStats())?.forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "audio") {
      samples = s.totalSamplesReceived ?? 0;
      level = s.audioLevel ?? 0;
    }
  });
  return {
    offer: ${OFFER}?.textContent?.trim() ?? null,
    activated: navigator.userActivation.hasBeenActive,
    muted: video?.muted ?? null,
    paused: video?.paused ?? null,
    currentTime: video?.currentTime ?? 0,
    audioTracks: video?.srcObject?.getAudioTracks().length ?? 0,
    samples,
    level,
  };
})()`;

interface Sound {
  offer: string | null;
  activated: boolean;
  muted: boolean | null;
  paused: boolean | null;
  currentTime: number;
  audioTracks: number;
  samples: number;
  level: number;
}

/** What the browser says to an unmuted play() of the remote stream in a fresh element: its refusal, or "played". */
const UNMUTED_PLAY = `(async () => {
  const probe = document.createElement("video");
  probe.srcObject = ${VIDEO}.srcObject;
  try {
    await probe.play();
    probe.pause();
    return "played";
  } catch (err) {
    return err.name;
  } finally {
    probe.srcObject = null;
  }
})()`;

const whyNot = withoutChromium("sound under Chromium's autoplay policy");

describe.skipIf(whyNot !== null)("sound under Chromium's autoplay policy", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let sam: Person;

  beforeAll(async () => {
    web = await serveWebApp();
    browser = await launchChromium(["--autoplay-policy=document-user-activation-required"]);
    alice = await newPerson(browser, web.url);
    sam = await newPerson(browser, web.url, []);
  });

  afterEach((ctx) => printIfFailed(ctx.task.result?.state, [alice, sam]));
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("refuses sound to a page nobody clicked; the stage offers 'Click to turn on sound' and the click plays it", async () => {
    await alice.page.goto("/?stun=none");
    const callId = await createCallThroughUi(alice.page);
    // Sam's tab joins by itself, as a tab that was in the call does after a reload: no Join click.
    await sam.page.addInitScript((id) => sessionStorage.setItem(`firecall:joined:${id}`, "1"), callId);
    const untouched = await UntouchedPage.open(sam.page);
    await sam.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(alice.page, "connected", 30_000);

    const offered = await untouched.until<Sound>(SOUND, (s) => s.offer !== null, "the offer to turn on sound");
    expect(offered).toMatchObject({
      offer: "Click to turn on sound",
      activated: false,
      muted: true,
      paused: false,
      audioTracks: 1,
    });
    // The refusal itself: the browser will not play this stream with sound in this page.
    expect(await untouched.read<string>(UNMUTED_PLAY)).toBe("NotAllowedError");
    // Muted, the picture plays: time runs on.
    await untouched.until<Sound>(SOUND, (s) => s.currentTime > offered.currentTime, "the muted video playing");

    // A real click on the offer (input events, no script): the page's first user activation.
    const at = await untouched.read<{ x: number; y: number }>(`(() => {
      const r = ${OFFER}.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    })()`);
    await sam.page.mouse.click(at.x, at.y);

    const playing = await untouched.until<Sound>(
      SOUND,
      (s) => s.offer === null && s.muted === false && s.paused === false,
      "the sound turned on",
      10_000,
    );
    expect(playing.activated).toBe(true);
    expect(await untouched.read<string>(UNMUTED_PLAY)).toBe("played");
    // Sound arrives and is played out: samples keep coming, the fake microphone's tone is not
    // silence, and the element's clock runs on with the sound on.
    const later = await untouched.until<Sound>(
      SOUND,
      (s) => s.samples > playing.samples && s.level > 0 && s.currentTime > playing.currentTime,
      "audio flowing unmuted",
      10_000,
    );
    expect(later).toMatchObject({ offer: null, muted: false, paused: false });
    expect([...alice.errors, ...sam.errors]).toEqual([]);
  });
});
