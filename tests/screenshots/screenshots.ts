// `npm run screenshots`: drives the real app (emulators, Chromium with fake devices) through the
// home, join, lobby and in-call screens and writes each at desktop and phone size to docs/, for
// the README. Run inside scripts/with-emulators.mjs (package.json does).
import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchChromium, newPerson } from "../support/browser.js";
import { createCallThroughUi, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { waitForRemoteTile } from "../support/call-screen.js";
import { serveWebApp } from "../support/web-server.js";

const OUT = new URL("../../docs/screens/", import.meta.url).pathname;
const SIZES = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function shoot(page: Page, screen: string, settle: () => Promise<unknown> = async () => {}): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await settle();
    await page.screenshot({ path: `${OUT}${screen}-${size.name}.png` });
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const web = await serveWebApp();
  const browser = await launchChromium(["--use-fake-device-for-media-stream=device-count=2"]);
  try {
    const host = await newPerson(browser, web.url);
    const guest = await newPerson(browser, web.url);
    await host.page.goto("/?stun=none");
    await host.page.getByRole("button", { name: "Create call" }).waitFor();
    await shoot(host.page, "home");

    await host.page.getByRole("radio", { name: "Schedule for later" }).check();
    await host.page.getByLabel("Title (optional)").fill("Design review");
    await host.page.getByRole("button", { name: "Schedule call" }).click();
    await waitForPhase(host.page, "lobby");
    await shoot(host.page, "lobby");
    await host.page.getByRole("button", { name: "Cancel this call" }).click();

    await host.page.goto("/?stun=none");
    const callId = await createCallThroughUi(host.page);
    await guest.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(guest.page, "ready");
    await guest.page.getByRole("textbox", { name: "Your name" }).fill("Sam Lee");
    await shoot(guest.page, "join");

    await guest.page.getByRole("button", { name: "Join" }).click();
    await waitForPhase(host.page, "connected");
    await waitForMediaFlowing(host.page);
    await shoot(host.page, "call", () =>
      waitForRemoteTile(host.page, (t) => t.label === "Sam Lee" && t.pictureWidth > 0),
    );
    // The side panel (a sheet on the phone) with devices, settings and the security code.
    await host.page.getByRole("button", { name: "Settings", exact: true }).click();
    await shoot(host.page, "settings", () =>
      host.page.locator("fc-security-code [data-role=security-code]").waitFor({ timeout: 15_000 }),
    );
    console.log(`screenshots written to ${OUT}`);
  } finally {
    await browser.close();
    await web.close();
  }
}

await main();
