// One call of this app set up through its UI, for the benchmark: two Chromium pages, the creator
// presses Create call, the other opens the link and presses Join on the join screen.
import type { Browser, Page } from "playwright-core";
import { newPerson, type Person } from "../support/browser.js";
import { createCallThroughUi, firstFrameEpoch, waitForPhase } from "../support/call-page.js";
import { recordLongTasks, timelineMarks } from "./page-timeline.js";

export interface CallTiming {
  /** Join pressed → first decoded remote video frame on both sides. */
  joinToFrameMs: number;
  /** Per side: step name → ms after Join was pressed (BENCH_MARKS). */
  marks: Record<string, Record<string, number>>;
}

const QUERY = "?stun=none&turn=none";

async function joinPressedEpoch(page: Page): Promise<number> {
  return page.evaluate(() => performance.timeOrigin + (window.__firecall?.client.snapshot.joinPressedAt ?? NaN));
}

/** The steps the call client marked, relative to `pressed` (epoch ms). */
async function marksSince(page: Page, pressed: number): Promise<Record<string, number>> {
  const m = await page.evaluate(() => ({
    origin: performance.timeOrigin,
    marks: window.__firecall?.client.marks ?? {},
  }));
  return Object.fromEntries(Object.entries(m.marks).map(([k, v]) => [k, Math.round(m.origin + v - pressed)]));
}

/**
 * The creator (on the start page) presses Create call; the other opens the link, waits on the join
 * screen until ICE gathering is done (a person looks at their preview for longer than that) and
 * presses Join. Returns the epoch ms of the press and of each side's first decoded frame.
 */
export async function createAndJoin(alice: Person, bob: Person, query: string, frameTimeoutMs = 20_000) {
  const callId = await createCallThroughUi(alice.page);
  await bob.page.goto(`/c/${callId}${query}`);
  await waitForPhase(bob.page, "ready");
  await bob.page.waitForFunction(
    () => window.__firecall?.client.peerConnection?.iceGatheringState === "complete",
    undefined,
    { timeout: 15_000, polling: 20 },
  );
  await bob.page.getByRole("button", { name: "Join" }).click();
  const [aliceFrame, bobFrame] = await Promise.all([
    firstFrameEpoch(alice.page, frameTimeoutMs),
    firstFrameEpoch(bob.page, frameTimeoutMs),
  ]);
  return { pressed: await joinPressedEpoch(bob.page), aliceFrame, bobFrame };
}

/**
 * Sets up one call and times it. `beforeCreate` runs once both start pages are loaded (e.g. to
 * reset a meter); `afterFrames` once both sides show video, before the pages close.
 */
export async function ourCall(
  browser: Browser,
  baseUrl: string,
  hooks: { beforeCreate?: () => void; afterFrames?: () => Promise<void> } = {},
): Promise<CallTiming> {
  let alice: Person | null = null;
  let bob: Person | null = null;
  try {
    alice = await newPerson(browser, baseUrl);
    bob = await newPerson(browser, baseUrl);
    await Promise.all([recordLongTasks(alice.page), recordLongTasks(bob.page)]);
    await Promise.all([alice.page.goto(`/${QUERY}`), bob.page.goto(`/${QUERY}`)]);
    hooks.beforeCreate?.();
    const { pressed, aliceFrame, bobFrame } = await createAndJoin(alice, bob, QUERY);
    const marks = {
      creator: {
        ...(await marksSince(alice.page, pressed)),
        ...(await timelineMarks(alice.page, pressed, aliceFrame)),
        frame: Math.round(aliceFrame - pressed),
      },
      joiner: {
        ...(await marksSince(bob.page, pressed)),
        ...(await timelineMarks(bob.page, pressed, bobFrame)),
        frame: Math.round(bobFrame - pressed),
      },
    };
    await hooks.afterFrames?.();
    return { joinToFrameMs: Math.max(aliceFrame, bobFrame) - pressed, marks };
  } finally {
    await alice?.context.close();
    await bob?.context.close();
  }
}
