import type { Page } from "playwright-core";
import { expect } from "vitest";
import { deriveSecurityCode } from "../../web/src/security/security-code.js";

/** Reading the security-code panel the way a person sees it, and checking it against getStats(). */

const PANEL = "fc-security-code";

/** The code the panel shows ("12345 67890 …"), once it shows one. */
export async function shownSecurityCode(page: Page, timeout = 15_000): Promise<string> {
  const code = page.locator(`${PANEL} [data-role=security-code]`);
  await code.waitFor({ timeout });
  return ((await code.textContent()) ?? "").trim().split(/\s+/).join(" ");
}

/** The panel's state: waiting, computing, unverified, verified, changed or unavailable. */
export async function panelState(page: Page): Promise<string | null> {
  return page.locator(PANEL).getAttribute("data-state");
}

export async function waitForPanelState(page: Page, state: string, timeout = 10_000): Promise<void> {
  await expect.poll(() => panelState(page), { timeout }).toBe(state);
}

/** The panel's sentence about this person (role=status when verified, the alert when changed). */
export async function panelMessage(page: Page): Promise<string> {
  const text = await page.locator(`${PANEL} [role=status], ${PANEL} [role=alert]`).first().textContent();
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/** "We compared it" (or "We compared the new code"), giving them a name. */
export async function markCompared(page: Page, name: string): Promise<void> {
  await page
    .locator(PANEL)
    .getByRole("textbox", { name: /Their name/ })
    .fill(name);
  await page
    .locator(PANEL)
    .getByRole("button", { name: /^We compared/ })
    .click();
  await waitForPanelState(page, "verified");
}

/**
 * The certificate fingerprints of the page's current connection, read here with getStats()
 * (independently of the app's own reader): `sha-256` fingerprints as Chromium reports them.
 */
export async function statsFingerprints(page: Page): Promise<{ local: string; remote: string }> {
  return page.evaluate(async () => {
    const pc = window.__firecall?.client.peerConnection;
    if (!pc) throw new Error("no peer connection");
    const byId = new Map<string, Record<string, unknown>>();
    (await pc.getStats()).forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
    for (const s of byId.values()) {
      if (s.type !== "transport" || s.dtlsState !== "connected") continue;
      const fingerprint = (id: unknown) => byId.get(id as string)?.fingerprint as string;
      return { local: fingerprint(s.localCertificateId), remote: fingerprint(s.remoteCertificateId) };
    }
    throw new Error("no connected DTLS transport");
  });
}

/** Asserts the page shows the code derived from its connection's certificates; returns it. */
export async function expectCodeFromConnection(page: Page): Promise<string> {
  const shown = await shownSecurityCode(page);
  const { local, remote } = await statsFingerprints(page);
  const expected = await deriveSecurityCode(
    { algorithm: "sha-256", value: local },
    { algorithm: "sha-256", value: remote },
  );
  expect(shown).toBe(expected.join(" "));
  expect(shown).toMatch(/^\d{5}( \d{5}){5}$/);
  return shown;
}

/**
 * The DTLS certificate this profile's app stored (its fingerprint, as getStats writes it, and days
 * until it expires). With `replaceExpiringInMs`, first stores a new one that expires that soon.
 * The app must have opened its database in this profile before (in an earlier call).
 */
export async function storedCertificate(
  page: Page,
  replaceExpiringInMs?: number,
): Promise<{ fingerprint: string; days: number }> {
  return page.evaluate(async (expires) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open("firecall-security");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const done = (req: IDBRequest | IDBTransaction) =>
      new Promise((resolve, reject) => {
        if (req instanceof IDBTransaction) req.oncomplete = resolve;
        else req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    if (expires !== undefined) {
      const keygen = { name: "ECDSA", namedCurve: "P-256", expires };
      const certificate = await RTCPeerConnection.generateCertificate(keygen as AlgorithmIdentifier);
      const tx = db.transaction("certificates", "readwrite");
      tx.objectStore("certificates").put({ certificate, createdAt: Date.now() }, "dtls");
      await done(tx);
    }
    const record = (await done(db.transaction("certificates").objectStore("certificates").get("dtls"))) as {
      certificate: RTCCertificate;
    };
    db.close();
    return {
      fingerprint: record.certificate.getFingerprints()[0]?.value?.toUpperCase() ?? "",
      days: (record.certificate.expires - Date.now()) / (24 * 3600 * 1000),
    };
  }, replaceExpiringInMs);
}
