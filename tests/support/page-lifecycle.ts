import type { CDPSession, Page } from "playwright-core";

/** What happens to a tab in real life, through the Chrome DevTools Protocol. */

/** Crashes the page's renderer, as a tab crash does: no pagehide, no goodbye. */
export async function crashPage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise<void>((resolve) => page.once("crash", () => resolve()));
  // The command never answers: the renderer is gone.
  void cdp.send("Page.crash").catch(() => {});
  await crashed;
}

const pausers = new WeakMap<Page, CDPSession>();

/**
 * Stops (or resumes) all of the page's JavaScript, as a frozen tab or a laptop asleep does: no
 * timer, no heartbeat, no Firestore callback runs, while the browser's media threads go on. The
 * DevTools debugger does that reliably; Page.setWebLifecycleState "frozen" does not stop a page
 * with a live peer connection in this Chromium (its heartbeat kept landing).
 */
export async function setPaused(page: Page, paused: boolean): Promise<void> {
  if (paused) {
    const cdp = await page.context().newCDPSession(page);
    pausers.set(page, cdp);
    await cdp.send("Debugger.enable");
    await cdp.send("Debugger.pause");
    return;
  }
  const cdp = pausers.get(page);
  pausers.delete(page);
  if (!cdp) return;
  await cdp.send("Debugger.resume").catch(() => {});
  await cdp.detach();
}

/**
 * Samples what each page shows (phase and alerts) every `everyMs` until stopped, so a test can
 * assert what was never shown (the "networks block" message, an error) over a whole scenario.
 */
export function watchPages(pages: () => Page[], everyMs = 500): { stop(): Promise<string[]> } {
  const seen = new Set<string>();
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; i < 2000 && !stopped; i++) {
      for (const page of pages()) {
        if (page.isClosed()) continue;
        // A frozen page never answers: give up on it for this round.
        const timeout = new Promise<string[]>((resolve) => setTimeout(() => resolve([]), 1000));
        const read = page
          .evaluate(() => {
            const callPage = document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page");
            const alerts = [...(callPage?.shadowRoot?.querySelectorAll("[role=alert]") ?? [])];
            return [`phase:${callPage?.dataset.phase ?? ""}`, ...alerts.map((a) => `alert:${a.textContent ?? ""}`)];
          })
          .catch(() => []);
        for (const s of await Promise.race([read, timeout])) seen.add(s);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return [...seen];
    },
  };
}
