import type { Page } from "playwright-core";

/** What happens to a tab in real life, through the Chrome DevTools Protocol. */

/** Crashes the page's renderer, as a tab crash does: no pagehide, no goodbye. */
export async function crashPage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise<void>((resolve) => page.once("crash", () => resolve()));
  // The command never answers: the renderer is gone.
  void cdp.send("Page.crash").catch(() => {});
  await crashed;
}

/** Freezes (or thaws) the page as Chrome does to a background tab or a sleeping laptop: no JS runs. */
export async function setFrozen(page: Page, frozen: boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Page.setWebLifecycleState", { state: frozen ? "frozen" : "active" });
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
