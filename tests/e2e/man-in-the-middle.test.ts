// A real man in the middle: with admin rights on Firestore (what a compromised project has) it
// rewrites the offer and answer each person reads, so each connects to a relay page that forwards
// audio, video and chat between them. The call works for both, and the security codes differ.
// Without it the same two people see the same code.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withoutChromium, launchChromium, launchProfile, type Person } from "../support/browser.js";
import { createCall, hangUp, joinCall } from "../support/call-flow.js";
import { waitForMediaFlowing } from "../support/call-page.js";
import { EmulatorClients } from "../support/emulator-clients.js";
import { RelayPage } from "../support/mitm/relay-page.js";
import { SignalingMitm } from "../support/mitm/signaling-mitm.js";
import {
  expectCodeFromConnection,
  markCompared,
  panelMessage,
  panelState,
  statsFingerprints,
} from "../support/security-panel.js";
import { serveWebApp } from "../support/web-server.js";

/** The creator's candidates, from its local description once gathering completed. */
async function gatheredCandidates(page: Person["page"]): Promise<string[]> {
  await page.waitForFunction(() => window.__firecall?.client.peerConnection?.iceGatheringState === "complete", null, {
    timeout: 10_000,
  });
  return page.evaluate(() => {
    const sdp = window.__firecall?.client.peerConnection?.localDescription?.sdp ?? "";
    return [...new Set(sdp.split("\r\n").filter((l) => l.startsWith("a=candidate:")))].map((l) => l.slice(2));
  });
}

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("a man in the middle on the signaling path");

describe.skipIf(whyNot !== null)("a man in the middle on the signaling path", () => {
  let web: { url: string; close(): Promise<void> };
  let clients: EmulatorClients;
  let relayBrowser: Browser | undefined;
  let relay: RelayPage | undefined;
  let mitm: SignalingMitm | undefined;
  let alice: Person;
  let bob: Person;
  let honestCode = "";
  const root = mkdtempSync(join(tmpdir(), "firecall-mitm-"));

  beforeAll(async () => {
    web = await serveWebApp();
    clients = new EmulatorClients("mitm");
    alice = await launchProfile(join(root, "alice"), web.url);
    bob = await launchProfile(join(root, "bob"), web.url);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    console.log(`--- mitm: ${mitm?.rewrites} rewrites, problems: ${mitm?.problems.join("; ")}`);
    for (const [name, who] of [
      ["alice", alice],
      ["bob", bob],
      ["relay", relay?.person],
    ] as const) {
      console.log(`--- ${name} ---\n${who?.logs.join("\n")}`);
    }
  });

  afterAll(async () => {
    await mitm?.stop();
    await relay?.close();
    await relayBrowser?.close();
    await alice?.context.close();
    await bob?.context.close();
    await clients?.close();
    await web?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("without it, both see the same code and mark it compared", async () => {
    await joinCall(alice, bob, await createCall(alice));
    const [a, b] = await Promise.all([expectCodeFromConnection(alice.page), expectCodeFromConnection(bob.page)]);
    expect(a).toBe(b);
    honestCode = a;
    await markCompared(alice.page, "Bob");
    await markCompared(bob.page, "Alice");
    await hangUp(alice, bob);
  });

  it("with it, the call still works both ways, but the codes differ and both are warned", async () => {
    relayBrowser = await launchChromium();
    relay = await RelayPage.open(relayBrowser, web.url);

    const callId = await createCall(alice);
    mitm = await SignalingMitm.start(clients.admin, callId, relay);
    // Bob may read Alice's document only once he has a seat: by then it must say what the relay wants.
    await mitm.untilCreatorRewritten(await gatheredCandidates(alice.page));

    await joinCall(alice, bob, callId);

    // Each person's connection ends at the relay: their DTLS peer is the relay's certificate.
    const [toAlice, toBob] = await Promise.all([relay.report("creator"), relay.report("joiner")]);
    const [aliceSees, bobSees] = await Promise.all([statsFingerprints(alice.page), statsFingerprints(bob.page)]);
    expect(aliceSees.remote).toBe(toAlice.localFingerprint);
    expect(bobSees.remote).toBe(toBob.localFingerprint);
    expect(toAlice.remoteFingerprint).toBe(aliceSees.local);
    expect(toBob.remoteFingerprint).toBe(bobSees.local);

    // A working call: video and audio decoded on both sides (forwarded by the relay), and chat.
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    await alice.page.getByRole("textbox", { name: "Message" }).fill("is anyone else here?");
    await alice.page.getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => bob.page.getByRole("log").textContent(), { timeout: 5000 })
      .toContain("is anyone else here?");

    // The codes: each derived from its own connection, different from each other and from before.
    const [aliceCode, bobCode] = await Promise.all([
      expectCodeFromConnection(alice.page),
      expectCodeFromConnection(bob.page),
    ]);
    expect(aliceCode).not.toBe(bobCode);
    expect([aliceCode, bobCode]).not.toContain(honestCode);

    // Both compared codes before: both get the loud warning.
    await expect.poll(() => panelState(alice.page)).toBe("changed");
    await expect.poll(() => panelState(bob.page)).toBe("changed");
    expect(await panelMessage(alice.page)).toMatch(/^Warning: this is not the code you compared with Bob\./);
    expect(await panelMessage(bob.page)).toMatch(/^Warning: this is not the code you compared with Alice\./);

    expect(mitm.problems).toEqual([]);
    expect(mitm.rewrites).toBeGreaterThanOrEqual(2);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
    await hangUp(alice, bob);
  });
});
