// Runs the classic demo flow (tests/bench/classic) under the same conditions as our calls.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { build, preview } from "vite";
import { newPerson } from "../support/browser.js";
import { recordLongTasks, timelineMarks } from "./page-timeline.js";
import type { CallTiming } from "./our-call.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const RULES_URL = "http://127.0.0.1:8080/emulator/v1/projects/demo-firecall:securityRules";
const DOCUMENTS_MATCH = "match /databases/{database}/documents {";
const OPEN_CLASSIC_ROOMS = "match /classicRooms/{p=**} { allow read, write: if true; }";

/**
 * The classic flow has no security rules: while it runs, its collection is open to everyone, beside
 * the app's own rules (unchanged), so both flows can run alternately.
 */
export async function withClassicRules<T>(run: () => Promise<T>): Promise<T> {
  const put = (content: string) =>
    fetch(RULES_URL, { method: "PUT", body: JSON.stringify({ rules: { files: [{ content }] } }) }).then((r) => {
      if (!r.ok) throw new Error(`loading rules failed: ${r.status}`);
    });
  const appRules = readFileSync(`${root}/firestore.rules`, "utf8");
  if (!appRules.includes(DOCUMENTS_MATCH)) throw new Error(`firestore.rules no longer has "${DOCUMENTS_MATCH}"`);
  await put(appRules.replace(DOCUMENTS_MATCH, `${DOCUMENTS_MATCH}\n    ${OPEN_CLASSIC_ROOMS}`));
  try {
    return await run();
  } finally {
    await put(appRules);
  }
}

export async function serveClassic(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const outDir = `${root}/.cache/bench/classic`;
  const previousNodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ root: `${here}classic`, configFile: false, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = previousNodeEnv;
  }
  const server = await preview({
    root: `${here}classic`,
    configFile: false,
    build: { outDir },
    preview: { host: "127.0.0.1", port, strictPort: true },
    logLevel: "warn",
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function firstFrame(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => (window.classic.firstFrameAt === null ? null : performance.timeOrigin + window.classic.firstFrameAt),
    undefined,
    { timeout: 20_000, polling: 100 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * One classic call: the caller creates the room; once its candidates are out, the callee joins.
 * `transport`: "stream" is the app's own setting against the emulator (WebChannel streaming, no
 * long-polling detection); "auto" the SDK's default; "long-polling" forced long polling.
 */
export async function classicCall(
  browser: Browser,
  url: string,
  firestorePort: number,
  transport = "stream",
): Promise<CallTiming> {
  const caller = await newPerson(browser, url);
  const callee = await newPerson(browser, url);
  try {
    await Promise.all([recordLongTasks(caller.page), recordLongTasks(callee.page)]);
    await Promise.all([
      caller.page.goto(`/?firestorePort=${firestorePort}&transport=${transport}`),
      callee.page.goto(`/?firestorePort=${firestorePort}&transport=${transport}`),
    ]);
    await Promise.all([
      caller.page.evaluate(() => window.classic.prepare()),
      callee.page.evaluate(() => window.classic.prepare()),
    ]);
    const id = await caller.page.evaluate(() => window.classic.create());
    await caller.page.waitForFunction(() => window.classic.gatheringState() === "complete", undefined, {
      timeout: 10_000,
    });
    const pressedAt = await callee.page.evaluate(
      async (room) => performance.timeOrigin + (await window.classic.join(room)),
      id,
    );
    const [a, b] = await Promise.all([firstFrame(caller.page), firstFrame(callee.page)]);
    const marks: CallTiming["marks"] = {};
    for (const [who, page, frame] of [
      ["creator", caller.page, a],
      ["joiner", callee.page, b],
    ] as const) {
      const m = await page.evaluate(() => ({ origin: performance.timeOrigin, marks: window.classic.marks }));
      marks[who] = Object.fromEntries(
        Object.entries(m.marks).map(([k, v]) => [k, Math.round(m.origin + v - pressedAt)]),
      );
      Object.assign(marks[who], await timelineMarks(page, pressedAt, frame));
      marks[who].frame = Math.round(frame - pressedAt);
    }
    return { joinToFrameMs: Math.max(a, b) - pressedAt, marks };
  } finally {
    await caller.context.close();
    await callee.context.close();
  }
}
