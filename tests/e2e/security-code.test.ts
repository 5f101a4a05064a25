// The security code in real Chromium: both people see the same code, derived from the certificates
// their connection uses; each browser profile keeps its certificate on disk, so the same two
// profiles get the same code in every call and others get a different one; a comparison is
// remembered on that device only; a certificate close to expiry is renewed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withoutChromium, launchProfile, type Person } from "../support/browser.js";
import { createCall, hangUp, joinCall, LOCAL_ONLY } from "../support/call-flow.js";
import { clientMark, waitForMediaFlowing } from "../support/call-page.js";
import {
  expectCodeFromConnection,
  markCompared,
  panelMessage,
  panelState,
  statsFingerprints,
  storedCertificate,
} from "../support/security-panel.js";
import { serveWebApp } from "../support/web-server.js";

/** Alice creates a call, Bob joins it by its link; both connected. */
async function call(alice: Person, bob: Person): Promise<void> {
  await joinCall(alice, bob, await createCall(alice));
}

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("the security code between browser profiles");

describe.skipIf(whyNot !== null)("the security code between browser profiles", () => {
  let web: { url: string; close(): Promise<void> };
  const root = mkdtempSync(join(tmpdir(), "firecall-profiles-"));
  const dir = (name: string) => join(root, name);
  const open: Person[] = [];
  let firstCode = "";
  let firstFingerprints: { local: string; remote: string } = { local: "", remote: "" };

  async function profile(name: string): Promise<Person> {
    const person = await launchProfile(dir(name), web.url);
    open.push(person);
    return person;
  }

  /** Two profiles call each other; returns both and the code each page shows (checked against its connection). */
  async function callBetween(creator: string, joiner: string): Promise<[Person, Person, string, string]> {
    const a = await profile(creator);
    const b = await profile(joiner);
    await call(a, b);
    const [codeA, codeB] = await Promise.all([expectCodeFromConnection(a.page), expectCodeFromConnection(b.page)]);
    return [a, b, codeA, codeB];
  }

  async function closeAll(): Promise<void> {
    for (const p of open.splice(0)) {
      expect(p.errors).toEqual([]);
      await p.context.close();
    }
  }

  beforeAll(async () => {
    web = await serveWebApp();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") for (const p of open) console.log(p.logs.join("\n"));
    await closeAll();
  });

  afterAll(async () => {
    await closeAll();
    await web?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("shows both people the same code, derived from the certificates the connection uses", async () => {
    const [alice, bob, a, b] = await callBetween("alice", "bob");
    expect(a).toBe(b);
    firstCode = a;
    firstFingerprints = await statsFingerprints(alice.page);
    expect(await statsFingerprints(bob.page)).toEqual({
      local: firstFingerprints.remote,
      remote: firstFingerprints.local,
    });
    expect(await panelState(alice.page)).toBe("unverified");

    // The mark is this device's: Bob's page still says nothing was compared.
    await markCompared(alice.page, "Bob");
    expect(await panelMessage(alice.page)).toBe(
      "✓ Verified: you and Bob compared this code. Nobody is listening in between you.",
    );
    expect(await panelState(bob.page)).toBe("unverified");
    await hangUp(alice, bob);
  });

  it("gives two other browser profiles a different code", async () => {
    const [carol, dave, c, d] = await callBetween("carol", "dave");
    expect(c).toBe(d);
    expect(c).not.toBe(firstCode);
    const fingerprints = await statsFingerprints(carol.page);
    expect([fingerprints.local, fingerprints.remote]).not.toContain(firstFingerprints.local);
    expect([fingerprints.local, fingerprints.remote]).not.toContain(firstFingerprints.remote);
    await markCompared(dave.page, "Carol");
    await hangUp(carol, dave);
  });

  it("gives the same two profiles the same code again after a restart, and remembers the comparison", async () => {
    const [alice, bob, a, b] = await callBetween("alice", "bob");
    expect(a).toBe(firstCode);
    expect(b).toBe(firstCode);
    expect(await statsFingerprints(alice.page)).toEqual(firstFingerprints);
    expect(await panelState(alice.page)).toBe("verified");
    const today = new Intl.DateTimeFormat("en-US", { dateStyle: "long" }).format(Date.now());
    expect(await panelMessage(alice.page)).toBe(
      `✓ Verified with Bob before: you compared this code on ${today}. Nobody is listening in between you.`,
    );
    expect(await panelState(bob.page)).toBe("unverified");

    // Forgetting it is this device's choice too.
    await alice.page.getByRole("button", { name: "Forget this comparison" }).click();
    await expect.poll(() => panelState(alice.page)).toBe("unverified");
    await hangUp(alice, bob);
  });

  it("keeps the certificate and the code through an ICE restart that renews the relay credential", async () => {
    const [alice, bob, before] = await callBetween("alice", "bob");
    // The impolite side restarts ICE; a credential about to expire is renewed first, and the new
    // configuration must name the same certificate (Chromium refuses it otherwise). Private
    // members, driven directly: breaking a loopback connection to make the watchdog do it is not
    // possible here.
    type Internals = {
      parts: {
        ice: { expiresAt: number | null };
        peer: { polite: boolean; peer: unknown; restartIce(peer: unknown): Promise<void> };
      };
    };
    const polite = (page: Page) =>
      page.evaluate(() => (window.__firecall!.client as unknown as Internals).parts.peer.polite);
    const [restarter, other] = (await polite(bob.page)) ? [alice, bob] : [bob, alice];
    expect(await polite(other.page)).toBe(true);
    // The other side's view of the restarter's ICE session: a restart gives it a new username fragment.
    const remoteUfrag = () =>
      other.page.evaluate(
        () => /a=ice-ufrag:(\S+)/.exec(window.__firecall?.client.peerConnection?.remoteDescription?.sdp ?? "")?.[1],
      );
    const ufragBefore = await remoteUfrag();
    await restarter.page.evaluate(async () => {
      const { parts } = window.__firecall!.client as unknown as Internals;
      parts.ice.expiresAt = Math.floor(Date.now() / 1000);
      await parts.peer.restartIce(parts.peer.peer);
    });
    expect(await clientMark(restarter.page, "iceRestart")).not.toBeNull();
    await expect.poll(remoteUfrag, { timeout: 10_000 }).not.toBe(ufragBefore);
    await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(await expectCodeFromConnection(alice.page)).toBe(before);
    expect(await expectCodeFromConnection(bob.page)).toBe(before);
    expect(restarter.logs.filter((l) => l.includes("InvalidModificationError"))).toEqual([]);
    await hangUp(alice, bob);
  });

  it("replaces a stored certificate within 30 days of its expiry; who compared the old one is warned", async () => {
    const carol = await profile("carol");
    const dave = await profile("dave");
    // Carol's stored certificate (her profile has one since her call above) is swapped for one
    // that expires in 10 days.
    await carol.page.goto(`/${LOCAL_ONLY}`);
    const expiring = await storedCertificate(carol.page, 10 * 24 * 3600 * 1000);
    expect(expiring.days).toBeLessThan(11);
    await call(carol, dave);
    await expectCodeFromConnection(carol.page);
    const used = await statsFingerprints(carol.page);
    expect(used.local).not.toBe(expiring.fingerprint);
    // The renewed certificate was stored: it lasts a year and is the one in use.
    const stored = await storedCertificate(carol.page);
    expect(stored.fingerprint).toBe(used.local);
    expect(stored.days).toBeGreaterThan(360);
    // Dave compared codes with Carol's old certificate: the same person with a new one is a change.
    await expect.poll(() => panelState(dave.page)).toBe("changed");
    expect(await panelMessage(dave.page)).toMatch(/^Warning: this is not the code you compared with Carol\. /);
    await markCompared(dave.page, "Carol");
    await hangUp(carol, dave);
  });
});
