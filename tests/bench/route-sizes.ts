// Bundle figures for `npm run bench`: the gzip size of the JavaScript the production build makes
// the browser download on each route, measured in Chromium (what it requests, not what the build
// contains), so a regression in the first load shows.
import type { Browser } from "playwright-core";
import { newPerson } from "../support/browser.js";
import { createCallThroughUi, waitForPhase } from "../support/call-page.js";
import {
  describeRoute,
  HOME_BUDGET_GZIP_BYTES,
  routeJavaScript,
  type RouteJavaScript,
} from "../support/route-javascript.js";

export interface RouteFigures {
  home: RouteJavaScript;
  homeReadyToCreate: RouteJavaScript;
  callPage: RouteJavaScript;
}

export async function routeFigures(browser: Browser, baseUrl: string): Promise<RouteFigures> {
  const home = await routeJavaScript(browser, baseUrl, "/", async (page) => {
    await page.getByRole("button", { name: "Create call" }).waitFor();
  });
  // A pointer over the page is the intent that fetches Auth and Functions.
  const homeReadyToCreate = await routeJavaScript(browser, baseUrl, "/", async (page) => {
    await page.getByRole("button", { name: "Create call" }).waitFor();
    await page.getByRole("button", { name: "Create call" }).hover();
  });
  const host = await newPerson(browser, baseUrl);
  try {
    await host.page.goto("/?stun=none&turn=none");
    const callId = await createCallThroughUi(host.page);
    const callPage = await routeJavaScript(browser, baseUrl, `/c/${callId}?stun=none&turn=none`, async (page) => {
      await waitForPhase(page, "ready");
    });
    return { home, homeReadyToCreate, callPage };
  } finally {
    await host.context.close();
  }
}

export function printRouteFigures(figures: RouteFigures): void {
  console.log("\nJavaScript each route downloads (production build, fresh cache, measured in Chromium)");
  console.log(`  start page, first load:          ${describeRoute(figures.home)}`);
  console.log(`  start page, pointer over a form: ${describeRoute(figures.homeReadyToCreate)}`);
  console.log(`  call page, join screen ready:    ${describeRoute(figures.callPage)}`);
  const overBudget = figures.home.gzipBytes > HOME_BUDGET_GZIP_BYTES;
  console.log(
    `  start page budget ${HOME_BUDGET_GZIP_BYTES / 1000} KB gzip: ${overBudget ? "EXCEEDED" : "kept"}` +
      ` (${(figures.home.gzipBytes / 1000).toFixed(1)} KB)`,
  );
}
