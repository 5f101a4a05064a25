import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchChromium } from "./browser.js";
import { serveWebApp } from "./web-server.js";

export interface BrowserFixture {
  readonly browser: Browser;
  /** Base URL of the served web app. */
  readonly url: string;
}

/**
 * For one browser test file: builds and serves the web app and launches one Chromium before its
 * tests, and closes both after them. Call it inside the file's `describe`.
 */
export function useBrowserAndWebApp(): BrowserFixture {
  let browser: Browser | undefined;
  let web: { url: string; close(): Promise<void> } | undefined;
  beforeAll(async () => {
    web = await serveWebApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error("the browser starts in beforeAll");
      return browser;
    },
    get url() {
      if (!web) throw new Error("the web app starts in beforeAll");
      return web.url;
    },
  };
}
