// Devices in real Chromium with three fake cameras: no camera starts in a lobby until asked; blocked
// access explains itself; another camera and another speaker are used during the call; a camera
// that sends no frames is undone; media comes back after revoked access is given back.
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withoutChromium, launchChromium, newPerson, type Person } from "../support/browser.js";
import { createCallThroughUi, waitForPhase, mediaStats } from "../support/call-page.js";
import {
  callWithNamedGuest,
  countMediaRequests,
  localSeq,
  mediaRequests,
  printIfFailed,
  seriousViolations,
  sentVideo,
  waitForRemoteTile,
} from "../support/call-screen.js";
import { serveWebApp } from "../support/web-server.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("devices");

describe.skipIf(whyNot !== null)("devices", () => {
  let browser: Browser;
  let web: { url: string; close(): Promise<void> };
  let alice: Person;
  let sam: Person;

  beforeAll(async () => {
    web = await serveWebApp();
    // Three fake cameras: Chromium's second one (fake_device_1) is a depth camera (Y16) whose frames
    // show in a <video> but never reach WebRTC's encoder (media-source frames stay 0, even with
    // addTrack from the start): the page must notice that and go back (tested below); a working
    // switch goes between fake_device_0 and fake_device_2.
    browser = await launchChromium(["--use-fake-device-for-media-stream=device-count=3"]);
    alice = await newPerson(browser, web.url);
    sam = await newPerson(browser, web.url);
    await countMediaRequests(alice.page);
    await countMediaRequests(sam.page);
  });

  /** Alice creates a call, Sam joins it by name; both connected with media flowing. */
  async function callBetweenAliceAndSam(): Promise<void> {
    await sam.page.goto("/");
    await callWithNamedGuest(alice, sam, "Sam");
  }

  afterEach((ctx) => printIfFailed(ctx.task.result?.state, [alice, sam]));
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it("starts no camera in the lobby of a scheduled call until the person asks to check it", async () => {
    await alice.page.goto("/?stun=none");
    await alice.page.getByRole("radio", { name: "Schedule for later" }).check();
    await alice.page.getByRole("button", { name: "Schedule call" }).click();
    await waitForPhase(alice.page, "lobby");
    const callId = (await alice.page.locator("[data-role=call-id]").textContent()) ?? "";
    await sam.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(sam.page, "lobby");
    expect(await mediaRequests(alice.page)).toBe(0);
    expect(await mediaRequests(sam.page)).toBe(0);
    expect(await seriousViolations(sam.page)).toEqual([]);

    await sam.page.getByRole("button", { name: "Check your camera" }).click();
    await expect.poll(() => sam.page.getByRole("combobox", { name: "Camera" }).locator("option").count()).toBe(3);
    expect(await mediaRequests(sam.page)).toBeGreaterThan(0);
    expect(await mediaRequests(alice.page)).toBe(0);
    await sam.page.screenshot({ path: "/tmp/firecall-shots/lobby-check-1280x720.png" });
    await alice.page.getByRole("button", { name: "Cancel this call" }).click();
    await waitForPhase(sam.page, "error", 10_000);
  });

  it("explains blocked access on the join screen, and Try again starts the devices once allowed", async () => {
    const alex = await newPerson(browser, web.url, []);
    await alice.page.goto("/?stun=none");
    const callId = await createCallThroughUi(alice.page);
    await alex.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(alex.page, "ready");
    await expect
      .poll(() => alex.page.getByRole("alert").first().textContent(), { timeout: 10_000 })
      .toBe("Access to your camera and microphone was blocked. You can still join to see and hear the other person.");
    await alex.context.grantPermissions(["camera", "microphone"]);
    await alex.page.getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => alex.page.getByRole("combobox", { name: "Camera" }).count(), { timeout: 10_000 }).toBe(1);
    expect(await alex.page.getByRole("alert").count()).toBe(0);
    expect(await alex.page.getByRole("button", { name: "Camera", exact: true }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    await alex.context.close();
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(alice.page, "left");
  });

  it("switches camera during the call with replaceTrack: the other side keeps decoding, no new offer", async () => {
    await callBetweenAliceAndSam();
    const seqBefore = [await localSeq(alice.page), await localSeq(sam.page)];
    const before = await sentVideo(sam.page);

    await sam.page.getByRole("button", { name: "Settings", exact: true }).click();
    const picker = sam.page.getByRole("combobox", { name: "Camera" });
    // A camera WebRTC can send (not the fake depth camera, see beforeAll) other than the one in use.
    const other = await picker
      .locator("option")
      .evaluateAll(
        (options, current) =>
          options
            .map((o) => o as HTMLOptionElement)
            .find((o) => o.value !== current && o.textContent?.trim() !== "fake_device_1")?.value,
        before.deviceId,
      );
    expect(other).toBeTruthy();
    await picker.selectOption(other!);
    await expect.poll(async () => (await sentVideo(sam.page)).deviceId, { timeout: 10_000 }).toBe(other);
    const decoded = (await mediaStats(alice.page)).framesDecoded;
    await expect
      .poll(async () => (await mediaStats(alice.page)).framesDecoded, { timeout: 10_000 })
      .toBeGreaterThan(decoded + 10);
    expect([await localSeq(alice.page), await localSeq(sam.page)]).toEqual(seqBefore);
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(alice.page, "left");
  });

  // fake_device_1 is what a real depth camera (an Intel RealSense) is to a person: listed as a camera,
  // its picture shows on the page, yet no frame reaches the other person. The page must notice from
  // the sender's stats and go back to the camera that worked.
  it("goes back to the previous camera when the chosen one sends no frames (a depth camera), and says so", async () => {
    await callBetweenAliceAndSam();
    const seqBefore = [await localSeq(alice.page), await localSeq(sam.page)];
    const before = await sentVideo(sam.page);

    await sam.page.getByRole("button", { name: "Settings", exact: true }).click();
    const picker = sam.page.getByRole("combobox", { name: "Camera" });
    const depth = await picker
      .locator("option")
      .evaluateAll(
        (options) =>
          options.map((o) => o as HTMLOptionElement).find((o) => o.textContent?.trim() === "fake_device_1")?.value,
      );
    expect(depth).toBeTruthy();
    expect(depth).not.toBe(before.deviceId);
    await picker.selectOption(depth!);
    // The switch happens (replaceTrack), then is undone once no frame got through for a few seconds.
    await expect.poll(async () => (await sentVideo(sam.page)).deviceId, { timeout: 10_000 }).toBe(depth);
    await expect
      .poll(() => sam.page.getByRole("alert").first().textContent(), { timeout: 15_000 })
      .toBe("That camera could not be started; the previous one is still in use.");
    await sam.page.screenshot({ path: "/tmp/firecall-shots/camera-undone-1280x720.png" });
    await expect.poll(async () => (await sentVideo(sam.page)).deviceId, { timeout: 5000 }).toBe(before.deviceId);
    expect(await picker.inputValue()).toBe(before.deviceId);
    const decoded = (await mediaStats(alice.page)).framesDecoded;
    await expect
      .poll(async () => (await mediaStats(alice.page)).framesDecoded, { timeout: 10_000 })
      .toBeGreaterThan(decoded + 10);
    // The next call starts with the camera that works, not the remembered depth camera.
    const remembered = await sam.page.evaluate(() => localStorage.getItem("firecall:preferences"));
    expect(JSON.parse(remembered ?? "{}")).toMatchObject({ cameraId: before.deviceId });
    expect([await localSeq(alice.page), await localSeq(sam.page)]).toEqual(seqBefore);
    expect(sam.errors).toEqual([]);
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(alice.page, "left");
  });

  it("replaces a remembered camera that sends no frames with one that does, once the call is up", async () => {
    await sam.page.goto("/");
    // As if Sam picked the depth camera in an earlier call: the join screen opens it.
    const depth = await sam.page.evaluate(async () => {
      const devices = await navigator.mediaDevices.enumerateDevices();
      const id = devices.find((d) => d.kind === "videoinput" && d.label === "fake_device_1")?.deviceId ?? null;
      const saved = JSON.parse(localStorage.getItem("firecall:preferences") ?? "{}") as object;
      localStorage.setItem("firecall:preferences", JSON.stringify({ ...saved, cameraId: id }));
      return id;
    });
    expect(depth).toBeTruthy();
    await callWithNamedGuest(alice, sam, "Sam");
    await expect
      .poll(() => sam.page.getByRole("alert").first().textContent(), { timeout: 15_000 })
      .toBe("Your camera stopped working, so another one is used now.");
    const now = (await sentVideo(sam.page)).deviceId;
    expect(now).not.toBeNull();
    expect(now).not.toBe(depth);
    const decoded = (await mediaStats(alice.page)).framesDecoded;
    await expect
      .poll(async () => (await mediaStats(alice.page)).framesDecoded, { timeout: 10_000 })
      .toBeGreaterThan(decoded + 10);
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(alice.page, "left");
  });

  // Nothing of the app is faked: Chromium itself ends the live camera and microphone tracks when the
  // page's access is revoked (as when a person blocks the site during a call). With access gone no
  // other device can take over; the fallback to another device is covered by tests/unit/local-media.
  it("says so when access is revoked during the call, and Camera and Microphone bring media back once allowed", async () => {
    await callBetweenAliceAndSam();
    const seqBefore = [await localSeq(alice.page), await localSeq(sam.page)];
    const alert = () => sam.page.getByRole("alert");
    const camera = sam.page.getByRole("button", { name: "Camera", exact: true });
    const mic = sam.page.getByRole("button", { name: "Microphone", exact: true });
    try {
      await sam.context.clearPermissions();
      // Both tracks end at once: one notice about both, not the last one to end.
      await expect
        .poll(() => alert().allTextContents(), { timeout: 10_000 })
        .toEqual(["Your camera and microphone stopped working and no others were found."]);
      await waitForRemoteTile(alice.page, (t) => t.cameraOff && t.micOff && t.avatar === "S");
      expect((await sentVideo(sam.page)).deviceId).toBeNull();
      await sam.page.screenshot({ path: "/tmp/firecall-shots/access-revoked-1280x720.png" });
      // The buttons stay usable; while access is still blocked, pressing one says so.
      expect(await camera.isEnabled()).toBe(true);
      expect(await mic.isEnabled()).toBe(true);
      await mic.click();
      await expect
        .poll(() => alert().allTextContents(), { timeout: 10_000 })
        .toEqual(["Access to your microphone was blocked. The other person will see you but not hear you."]);
      expect(await mic.getAttribute("aria-pressed")).toBe("false");

      await sam.context.grantPermissions(["camera", "microphone"]);
      await camera.click();
      await expect.poll(async () => (await sentVideo(sam.page)).deviceId, { timeout: 10_000 }).not.toBeNull();
      await mic.click();
      await waitForRemoteTile(alice.page, (t) => !t.cameraOff && !t.micOff);
      const decoded = (await mediaStats(alice.page)).framesDecoded;
      await expect
        .poll(async () => (await mediaStats(alice.page)).framesDecoded, { timeout: 10_000 })
        .toBeGreaterThan(decoded + 10);
      const audio = (await mediaStats(alice.page)).audioPacketsReceived;
      await expect
        .poll(async () => (await mediaStats(alice.page)).audioPacketsReceived, { timeout: 10_000 })
        .toBeGreaterThan(audio + 10);
      expect(await alert().count()).toBe(0);
      expect([await camera.getAttribute("aria-pressed"), await mic.getAttribute("aria-pressed")]).toEqual([
        "true",
        "true",
      ]);
      // Back through replaceTrack in the slots the connection already has: no new offer.
      expect([await localSeq(alice.page), await localSeq(sam.page)]).toEqual(seqBefore);
      expect(sam.errors).toEqual([]);
    } finally {
      await sam.context.grantPermissions(["camera", "microphone", "clipboard-read", "clipboard-write"]);
    }
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(alice.page, "left");
  });

  it("plays the other person through the speaker chosen in the settings (setSinkId)", async () => {
    await callBetweenAliceAndSam();
    await sam.page.getByRole("button", { name: "Settings", exact: true }).click();
    const picker = sam.page.getByRole("combobox", { name: "Speaker" });
    const ids = await picker.locator("option").evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    expect(ids.length).toBeGreaterThan(0);
    const chosen = ids.at(-1)!;
    await picker.selectOption(chosen);
    const sinkId = () =>
      sam.page.evaluate(
        `document.querySelector("fc-app").shadowRoot.querySelector("fc-call-page").shadowRoot
          .querySelector("fc-stage").shadowRoot.querySelector("fc-video-tile.remote").shadowRoot
          .querySelector("video").sinkId`,
      );
    await expect.poll(sinkId, { timeout: 5000 }).toBe(chosen);
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(alice.page, "left");
  });
});
