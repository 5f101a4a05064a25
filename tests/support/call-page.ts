import type { Page } from "playwright-core";

/** Reading the call page the way a person (or an assistive technology) sees it. */

export async function phase(page: Page): Promise<string | undefined> {
  return page
    .locator("fc-call-page")
    .getAttribute("data-phase")
    .then((v) => v ?? undefined);
}

export async function waitForPhase(page: Page, phases: string | string[], timeout = 20_000): Promise<void> {
  const wanted = Array.isArray(phases) ? phases : [phases];
  await page.waitForFunction(
    (w) => w.includes(document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.dataset.phase ?? ""),
    wanted,
    { timeout, polling: 50 },
  );
}

export async function statusText(page: Page): Promise<string> {
  return (await page.getByRole("status").first().textContent())?.trim() ?? "";
}

export interface MediaStats {
  framesDecoded: number;
  audioPacketsReceived: number;
  localCandidateType: string | null;
}

/** Inbound RTP counters of the current peer connection, from getStats(). */
export async function mediaStats(page: Page): Promise<MediaStats> {
  return page.evaluate(async () => {
    const pc = window.__firecall?.client.peerConnection;
    const out = { framesDecoded: 0, audioPacketsReceived: 0, localCandidateType: null as string | null };
    if (!pc) return out;
    const report = await pc.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    report.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
    for (const s of byId.values()) {
      if (s.type === "inbound-rtp" && s.kind === "video") out.framesDecoded += Number(s.framesDecoded ?? 0);
      if (s.type === "inbound-rtp" && s.kind === "audio") out.audioPacketsReceived += Number(s.packetsReceived ?? 0);
      if (s.type === "transport" && typeof s.selectedCandidatePairId === "string") {
        const pair = byId.get(s.selectedCandidatePairId);
        const local = pair ? byId.get(pair.localCandidateId as string) : undefined;
        out.localCandidateType = (local?.candidateType as string | undefined) ?? null;
      }
    }
    return out;
  });
}

/** Waits until video frames are being decoded and audio packets arrive, and keep rising. */
export async function waitForMediaFlowing(page: Page, timeout = 20_000): Promise<MediaStats> {
  const deadline = Date.now() + timeout;
  let first: MediaStats | null = null;
  while (Date.now() < deadline) {
    const now = await mediaStats(page);
    if (now.framesDecoded > 0 && now.audioPacketsReceived > 0) {
      if (first && now.framesDecoded > first.framesDecoded && now.audioPacketsReceived > first.audioPacketsReceived)
        return now;
      first ??= now;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`media did not flow within ${timeout} ms: ${JSON.stringify(await mediaStats(page))}`);
}

/** Presses Create call on the start page and returns the new call's id once the creator waits in it. */
export async function createCallThroughUi(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Create call" }).click();
  await waitForPhase(page, "waiting");
  return (await page.locator("[data-role=call-id]").textContent()) ?? "";
}

/** Candidate types of both ends of the selected pair, from getStats(). */
export async function selectedPair(page: Page): Promise<{ local: string | null; remote: string | null }> {
  return page.evaluate(async () => {
    const pc = window.__firecall?.client.peerConnection;
    if (!pc) return { local: null, remote: null };
    const byId = new Map<string, Record<string, unknown>>();
    (await pc.getStats()).forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
    for (const s of byId.values()) {
      if (s.type !== "transport" || typeof s.selectedCandidatePairId !== "string") continue;
      const pair = byId.get(s.selectedCandidatePairId);
      const type = (id: unknown) => (byId.get(id as string)?.candidateType as string | undefined) ?? null;
      return { local: type(pair?.localCandidateId), remote: type(pair?.remoteCandidateId) };
    }
    return { local: null, remote: null };
  });
}

/** The connection-quality indicator's route ("relay" / "direct"), once it shows one. */
export async function waitForQualityRoute(page: Page, timeout = 15_000): Promise<string> {
  const handle = await page.waitForFunction(
    () =>
      document
        .querySelector("fc-app")
        ?.shadowRoot?.querySelector("fc-call-page")
        ?.shadowRoot?.querySelector("fc-connection-quality")?.dataset.route || null,
    undefined,
    { timeout, polling: 200 },
  );
  return (await handle.jsonValue()) as string;
}

/** A named mark the call client recorded (performance.now()), or null. */
export async function clientMark(page: Page, name: string): Promise<number | null> {
  return page.evaluate((n) => window.__firecall?.client.marks[n] ?? null, name);
}

/** When the page decoded its first remote video frame (it stamps the frame itself), in epoch ms. */
export async function firstFrameEpoch(page: Page, timeout = 20_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const tile = document
        .querySelector("fc-app")
        ?.shadowRoot?.querySelector("fc-call-page")
        ?.shadowRoot?.querySelector("fc-stage")
        ?.shadowRoot?.querySelector("fc-video-tile.remote") as HTMLElement | null;
      const at = tile?.dataset.firstFrameAt;
      return at ? performance.timeOrigin + Number(at) : null;
    },
    undefined,
    // Polling only collects the stamp; it does not affect what is measured.
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as number;
}

/** The host ends the call for both: "End call for everyone", then the confirmation. */
export async function endCallForEveryone(page: Page): Promise<void> {
  await page.getByRole("button", { name: "End call for everyone" }).click();
  await page.getByRole("button", { name: "End it for everyone" }).click();
}
