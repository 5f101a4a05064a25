import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import type { Person } from "./browser.js";
import { createCallThroughUi, waitForMediaFlowing, waitForPhase } from "./call-page.js";

/** Reading the call screen's stage, tiles and accessibility, the way a person sees them. */

const STAGE = () =>
  document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.shadowRoot?.querySelector("fc-stage");

/** The other person's tile as shown: its name line, marks, and the picture's displayed size. */
export interface RemoteTile {
  label: string;
  micOff: boolean;
  cameraOff: boolean;
  avatar: string | null;
  presenting: string | null;
  /** The displayed picture (object-fit: contain), in CSS pixels; 0 before the first frame. */
  pictureWidth: number;
  pictureHeight: number;
}

export async function remoteTile(page: Page): Promise<RemoteTile | null> {
  return page.evaluate(`(() => {
    const stage = (${STAGE.toString()})();
    const tile = stage?.shadowRoot?.querySelector("fc-video-tile.remote");
    if (!tile) return null;
    const video = tile.shadowRoot.querySelector("video");
    const box = video.getBoundingClientRect();
    const scale = video.videoWidth ? Math.min(box.width / video.videoWidth, box.height / video.videoHeight) : 0;
    return {
      label: tile.shadowRoot.querySelector("[data-role=name]")?.textContent?.trim() ?? "",
      micOff: tile.hasAttribute("mic-off"),
      cameraOff: tile.hasAttribute("camera-off"),
      avatar: tile.shadowRoot.querySelector("[data-role=avatar]")?.textContent?.trim() ?? null,
      presenting: stage.shadowRoot.querySelector("[data-role=presenting]")?.textContent?.trim() ?? null,
      pictureWidth: video.videoWidth * scale,
      pictureHeight: video.videoHeight * scale,
    };
  })()`);
}

/** Polls the remote tile until `check` holds (bounded); returns it and how long it took. */
export async function waitForRemoteTile(
  page: Page,
  check: (t: RemoteTile) => boolean,
  timeout = 10_000,
): Promise<{ tile: RemoteTile; ms: number }> {
  const started = Date.now();
  let last: RemoteTile | null = null;
  while (Date.now() - started < timeout) {
    last = await remoteTile(page);
    if (last && check(last)) return { tile: last, ms: Date.now() - started };
    await page.waitForTimeout(50);
  }
  throw new Error(`the remote tile did not reach the expected state: ${JSON.stringify(last)}`);
}

/** Where the control bar sits, to check it is on screen without scrolling. */
export async function controlBarBox(page: Page): Promise<{ top: number; bottom: number; viewport: number }> {
  const box = await page.locator("fc-control-bar").boundingBox();
  const viewport = page.viewportSize()!.height;
  return { top: box?.y ?? -1, bottom: (box?.y ?? 0) + (box?.height ?? 0), viewport };
}

/** Counts getUserMedia calls from the start of every document, to prove nothing asked for a camera. */
export async function countMediaRequests(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __gumCalls: number };
    w.__gumCalls = 0;
    const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
    if (original)
      navigator.mediaDevices.getUserMedia = (c?: MediaStreamConstraints) => {
        w.__gumCalls++;
        return original(c);
      };
  });
}

export function mediaRequests(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __gumCalls: number }).__gumCalls);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe-core violations on the page as it is now (shadow roots included). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const { violations } = await axe.run({ resultTypes: ["violations"] });
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
    interface AxeViolation {
      id: string;
      impact: string | null;
      nodes: { target: unknown }[];
    }
  });
}

/** After a failed test: what each page's call client believed, and its console warnings. */
export async function printIfFailed(state: string | undefined, people: Person[]): Promise<void> {
  if (state !== "fail") return;
  for (const who of people) {
    const debug = await who.page.evaluate(() => window.__firecall?.client.diagnostics() ?? null).catch(() => null);
    console.log(`${JSON.stringify(debug)}\n${[...who.errors, ...who.logs].join("\n")}`);
  }
}

/** The join/leave tones the page played (AttentionController.played; a headless browser has no speakers). */
export function tonesPlayed(page: Page): Promise<string[]> {
  return page.evaluate(
    `[...(document.querySelector("fc-app")?.shadowRoot?.querySelector("fc-call-page")?.attention?.played ?? [])]`,
  );
}

/** The width of the video the other side decodes now (inbound-rtp frameWidth); 0 before any. */
export function inboundWidth(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pc = window.__firecall?.client.peerConnection;
    let width = 0;
    (await pc?.getStats())?.forEach((s: Record<string, unknown>) => {
      if (s.type === "inbound-rtp" && s.kind === "video") width = Number(s.frameWidth ?? 0);
    });
    return width;
  });
}

/** Our offer/answer sequence number: it grows with every new local description (renegotiation). */
export function localSeq(page: Page): Promise<unknown> {
  return page.evaluate(() => (window.__firecall?.client.diagnostics().local as { seq?: number } | undefined)?.seq);
}

export function sentVideo(page: Page): Promise<{ deviceId: string | null; contentHint: string | null; width: number }> {
  return page.evaluate(() => {
    const track = window.__firecall?.client.peerConnection?.getSenders().find((s) => s.track?.kind === "video")?.track;
    const settings = track?.getSettings();
    return {
      deviceId: settings?.deviceId ?? null,
      contentHint: track?.contentHint ?? null,
      width: settings?.width ?? 0,
    };
  });
}

/** `host` creates a call, `guest` joins it under `name`; both connected, media flowing to the host. */
export async function callWithNamedGuest(host: Person, guest: Person, name: string): Promise<void> {
  await host.page.goto("/?stun=none");
  const callId = await createCallThroughUi(host.page);
  await guest.page.goto(`/c/${callId}?stun=none`);
  await waitForPhase(guest.page, "ready");
  await guest.page.getByRole("textbox", { name: "Your name" }).fill(name);
  await guest.page.getByRole("button", { name: "Join" }).click();
  await Promise.all([waitForPhase(host.page, "connected"), waitForPhase(guest.page, "connected")]);
  await waitForMediaFlowing(host.page);
}
