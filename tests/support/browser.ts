import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { existsSync } from "node:fs";
import { describe, it } from "vitest";
import { CHROMIUM_PATH } from "../../scripts/system-check.mjs";

// Debian's Chromium (CHROMIUM_PATH); tests never download a browser. `npm test` refuses to start
// without it (scripts/system-check.mjs) unless FIRECALL_ALLOW_SKIP says skipping is intended.
export { CHROMIUM_PATH };

/** Sound may play without a click; a suite that tests the real policy gives its own (see launchChromium). */
const AUTOPLAY_ALLOWED = "--autoplay-policy=no-user-gesture-required";

const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Fake camera and microphone; whether a page may use them is the context's permissions, so a
  // test can deny them (no --use-fake-ui-for-media-stream, which would grant every request).
  "--use-fake-device-for-media-stream",
  // Both pages share one process budget: keep background tabs running at full speed.
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
  AUTOPLAY_ALLOWED,
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Why a suite cannot run here (null: it can), said aloud: a warning in the output and a skipped
 * test named with the reason, so a green run never hides browser tests that did not run.
 */
export function cannotRunHere(suite: string, reason: string | null): string | null {
  if (reason === null) return null;
  console.warn(`SKIPPED "${suite}": ${reason}`);
  describe(suite, () => {
    it.skip(`cannot run here: ${reason}`, () => {});
  });
  return reason;
}

/** For suites that need only Chromium: the reason it is missing, said aloud (see cannotRunHere). */
export function withoutChromium(suite: string): string | null {
  const reason = chromiumAvailable()
    ? null
    : `Chromium not found at ${CHROMIUM_PATH} (sudo bash scripts/install-system-deps.sh)`;
  return cannotRunHere(suite, reason);
}

/**
 * `executablePath` may be a wrapper that starts Chromium elsewhere (e.g. in a network namespace).
 * An `--autoplay-policy=…` in `extraArgs` replaces the permissive one: given both, Chromium keeps
 * the first (tried: the later one had no effect).
 */
export async function launchChromium(extraArgs: string[] = [], executablePath = CHROMIUM_PATH): Promise<Browser> {
  const ownPolicy = extraArgs.some((a) => a.startsWith("--autoplay-policy="));
  const flags = ownPolicy ? FLAGS.filter((f) => f !== AUTOPLAY_ALLOWED) : FLAGS;
  return chromium.launch({ executablePath, headless: true, args: [...flags, ...extraArgs] });
}

/**
 * A person: their own browser context (own storage, so their own anonymous user) and one page.
 * Console errors are collected so a test can assert the page had none.
 */
export interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
  /** The page's console warnings and errors, to print when a test fails. */
  logs: string[];
}

/** `media` lists the devices this person allows the page to use; the rest are denied. */
export async function newPerson(
  browser: Browser,
  baseUrl: string,
  media: ("camera" | "microphone")[] = ["camera", "microphone"],
): Promise<Person> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    permissions: [...media, "clipboard-read", "clipboard-write"],
  });
  return watch(context, await context.newPage());
}

/**
 * A person with a browser profile on disk (`userDataDir`): their own Chromium, whose storage
 * (IndexedDB: their user, their DTLS certificate) outlives closing it. Close with `context.close()`.
 */
export async function launchProfile(userDataDir: string, baseUrl: string): Promise<Person> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    baseURL: baseUrl,
    permissions: ["camera", "microphone", "clipboard-read", "clipboard-write"],
  });
  return watch(context, context.pages()[0] ?? (await context.newPage()));
}

function watch(context: BrowserContext, page: Page): Person {
  const errors: string[] = [];
  const logs: string[] = [];
  page.on("pageerror", (err) => errors.push(`pageerror: ${err.message}`));
  page.on("console", (m) => {
    if (m.type() === "warning" || m.type() === "error")
      logs.push(`${new Date().toISOString()} ${m.type()}: ${m.text()}`);
  });
  return { context, page, errors, logs };
}
