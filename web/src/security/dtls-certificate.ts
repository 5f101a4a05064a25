import { CERTIFICATES, readStore, writeStore } from "./security-db.js";

/**
 * This browser's DTLS certificate, kept in IndexedDB so the same two browsers get the same
 * security code in every call (a browser otherwise makes a new certificate per connection).
 * RTCCertificate is structured-cloneable: the private key is stored without ever being readable.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** What we ask for; Chromium caps certificates at 365 days, other browsers may cap lower. */
export const CERTIFICATE_LIFETIME_MS = 365 * DAY_MS;
/** A certificate this close to its expiry is replaced, so no call ever starts with one that lapses. */
export const RENEW_BEFORE_MS = 30 * DAY_MS;
const KEY = "dtls";

interface StoredCertificate {
  certificate: RTCCertificate;
  createdAt: number;
}

/** Whether a certificate expiring at `expires` (epoch ms) must be replaced at `now`. */
export function needsRenewal(expires: number, now: number): boolean {
  return !Number.isFinite(expires) || expires - now < RENEW_BEFORE_MS;
}

let current: Promise<RTCCertificate | null> | null = null;
let currentExpires: number | null = null;

/**
 * This browser's certificate, loaded (or made) once per page: call it early, so it is ready
 * before the first peer connection. Null when this browser cannot keep one (IndexedDB refused,
 * for example in some private modes): calls then use the browser's own per-call certificate,
 * and the security code still works, but differs in every call.
 */
export function dtlsCertificate(now = Date.now()): Promise<RTCCertificate | null> {
  if (current && currentExpires !== null && needsRenewal(currentExpires, now)) current = null;
  current ??= loadOrCreate().then((certificate) => {
    currentExpires = certificate?.expires ?? null;
    return certificate;
  });
  return current;
}

async function loadOrCreate(): Promise<RTCCertificate | null> {
  try {
    // Two tabs opening at once must not each store a different certificate.
    return await withLock("firecall-dtls-certificate", async () => {
      const stored = await readStore<StoredCertificate | undefined>(CERTIFICATES, (s) => s.get(KEY));
      const existing = stored?.certificate;
      if (existing instanceof RTCCertificate && !needsRenewal(existing.expires, Date.now())) return existing;
      const certificate = await generateCertificate();
      await writeStore(CERTIFICATES, (s) =>
        s.put({ certificate, createdAt: Date.now() } satisfies StoredCertificate, KEY),
      );
      return certificate;
    });
  } catch (err) {
    console.warn("no lasting DTLS certificate on this device:", err);
    return null;
  }
}

function generateCertificate(): Promise<RTCCertificate> {
  // ECDSA P-256: what browsers use by default, and fast to make. `expires` is not in TS's DOM types.
  const keygen = { name: "ECDSA", namedCurve: "P-256", expires: CERTIFICATE_LIFETIME_MS };
  return RTCPeerConnection.generateCertificate(keygen as AlgorithmIdentifier);
}

async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  if (!navigator.locks) return task();
  return (await navigator.locks.request(name, task)) as T;
}
