// What a page's main thread and network did after Join, from the browser's own timelines, for
// BENCH_MARKS: when the first Firestore write after the press left the page (Resource Timing of
// the WebChannel's forward POST) and how long the main thread was blocked (Long Tasks, > 50 ms
// each). The same for our pages and the classic ones, and nothing here changes what is timed.
import type { Page } from "playwright-core";

declare global {
  interface Window {
    __benchLongTasks?: { start: number; duration: number }[];
  }
}

/** Starts recording long tasks in every document `page` loads (before its scripts run). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const tasks: { start: number; duration: number }[] = [];
    window.__benchLongTasks = tasks;
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask", buffered: true });
    } catch {
      // No Long Tasks API: the marks simply leave them out.
    }
  });
}

/** Marks (ms after `pressed`, an epoch ms) of the page's write after it and its long tasks until `until`. */
export async function timelineMarks(page: Page, pressed: number, until: number): Promise<Record<string, number>> {
  const t = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    writes: performance
      .getEntriesByType("resource")
      .filter((e) => e.name.includes("/Write/channel"))
      .map((e) => e.startTime),
    tasks: window.__benchLongTasks ?? [],
  }));
  const since = (at: number) => Math.round(t.origin + at - pressed);
  const marks: Record<string, number> = {};
  const write = t.writes.map(since).find((ms) => ms >= 0);
  if (write !== undefined) marks.writePosted = write;
  const blocked = t.tasks.filter(
    (task) => since(task.start) + task.duration >= 0 && since(task.start) <= until - pressed,
  );
  if (blocked.length > 0) {
    marks.longTasks = blocked.length;
    marks.longTaskMs = Math.round(blocked.reduce((sum, task) => sum + task.duration, 0));
  }
  return marks;
}
