import type { Person } from "./browser.js";
import { createCallThroughUi, waitForPhase } from "./call-page.js";

/** Both browsers run on one machine: no STUN, no relay, host candidates only. */
export const LOCAL_ONLY = "?stun=none&turn=none";

/** `creator` creates a call through the UI; returns its id once they wait in it. */
export async function createCall(creator: Person): Promise<string> {
  await creator.page.goto(`/${LOCAL_ONLY}`);
  return createCallThroughUi(creator.page);
}

/** `joiner` opens the call's link and presses Join; resolves once both are connected. */
export async function joinCall(creator: Person, joiner: Person, callId: string): Promise<void> {
  await joiner.page.goto(`/c/${callId}${LOCAL_ONLY}`);
  await joiner.page.getByRole("button", { name: "Join" }).click();
  await Promise.all([waitForPhase(creator.page, "connected"), waitForPhase(joiner.page, "connected")]);
}

/** Each presses Hang up, in turn. */
export async function hangUp(...people: Person[]): Promise<void> {
  for (const p of people) {
    await p.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(p.page, "left");
  }
}
