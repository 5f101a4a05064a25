import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { newPerson } from "./browser.js";

/** One JavaScript file a page downloaded, with its size raw and gzip-compressed (level 9, as Vite reports). */
export interface ScriptFile {
  /** The file name without its content hash, e.g. `firestore`. */
  chunk: string;
  url: string;
  bytes: number;
  gzipBytes: number;
}

export interface RouteJavaScript {
  files: ScriptFile[];
  bytes: number;
  gzipBytes: number;
}

/** The start page's first load stays under this, gzip (issue 12). */
export const HOME_BUDGET_GZIP_BYTES = 120_000;

const QUIET_MS = 1000;

function isScript(baseUrl: string, url: string): boolean {
  return url.startsWith(baseUrl) && /\.m?js$/.test(new URL(url).pathname);
}

/** `assets/firestore-Cbl9ytWX.js` → `firestore`. */
export function chunkName(url: string): string {
  const file = new URL(url).pathname.split("/").pop() ?? url;
  return file.replace(/-[\w-]{8}\.js$/, "").replace(/\.js$/, "");
}

/**
 * What the browser really downloads: every JavaScript response of a fresh browser context (empty
 * cache) while `path` loads, until `ready` says the page is there and no script has arrived for
 * QUIET_MS (the network as a whole is never idle on a call page: Firestore keeps a stream open).
 * `ready` may also act on the page (hover, click) to count what that action fetches.
 */
export async function routeJavaScript(
  browser: Browser,
  baseUrl: string,
  path: string,
  ready: (page: Page) => Promise<void>,
): Promise<RouteJavaScript> {
  const person = await newPerson(browser, baseUrl);
  const pending: Promise<ScriptFile | null>[] = [];
  let lastScriptAt = Date.now();
  person.page.on("request", (request) => {
    if (isScript(baseUrl, request.url())) lastScriptAt = Date.now();
  });
  person.page.on("response", (response) => {
    const url = response.url();
    if (!isScript(baseUrl, url)) return;
    lastScriptAt = Date.now();
    pending.push(
      response
        .body()
        .then((body) => ({
          chunk: chunkName(url),
          url,
          bytes: body.length,
          gzipBytes: gzipSync(body, { level: 9 }).length,
        }))
        .catch(() => null),
    );
  });
  try {
    await person.page.goto(path);
    await ready(person.page);
    const deadline = Date.now() + 15_000;
    while (Date.now() - lastScriptAt < QUIET_MS && Date.now() < deadline) await person.page.waitForTimeout(100);
    const files = (await Promise.all(pending)).filter((f): f is ScriptFile => f !== null);
    files.sort((a, b) => b.gzipBytes - a.gzipBytes);
    return {
      files,
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    };
  } finally {
    await person.context.close();
  }
}

/** `12.6 KB gzip (34.3 KB): index 12.6, …` for a report line. */
export function describeRoute(js: RouteJavaScript): string {
  const kb = (n: number) => (n / 1000).toFixed(1);
  const parts = js.files.map((f) => `${f.chunk} ${kb(f.gzipBytes)}`).join(", ");
  return `${kb(js.gzipBytes)} KB gzip (${kb(js.bytes)} KB raw) in ${js.files.length} files: ${parts}`;
}
