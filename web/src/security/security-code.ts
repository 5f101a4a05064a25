/**
 * The security code two people read to each other: derived from the two DTLS certificate
 * fingerprints their connection uses, so a man in the middle (who must present their own
 * certificate to each side) gives each side a different code.
 *
 * Why 30 digits and a slow hash: each browser keeps its certificate for months (so the same two
 * browsers get the same code in every call), which means whoever controls the signaling knows
 * both real fingerprints in advance. They can then search offline for a pair of their own
 * certificates that give both sides the same code: a birthday search costing about 2^(n/2)
 * derivations for an n-bit code. 30 digits are 99.7 bits (about 2^50 derivations), and each
 * derivation is 2^17 PBKDF2-HMAC-SHA-256 iterations (about 20 ms once per call in a browser), so
 * the search costs about 2^68 SHA-256 compressions: centuries of one modern GPU. 25 digits without
 * the slow hash would cost about 2^42 hashes: less than an hour on one GPU.
 */

/** A certificate fingerprint as getStats() and SDP write it: `sha-256` and `AB:CD:…`. */
export interface DtlsFingerprint {
  algorithm: string;
  value: string;
}

export type SecurityCodeProblem = "malformed-fingerprint" | "unsupported-algorithm" | "conflicting-transports";

/** A fingerprint that cannot be used, or a connection whose certificates are ambiguous. */
export class SecurityCodeError extends Error {
  override readonly name = "SecurityCodeError";
  constructor(
    readonly problem: SecurityCodeProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Hash functions WebRTC endpoints use for certificate fingerprints, with their digest sizes. */
const DIGEST_BYTES: Record<string, number> = { "sha-256": 32, "sha-384": 48, "sha-512": 64 };

/** Versioned: changing anything here changes every code, so both sides must run the same version. */
export const SECURITY_CODE_SALT = "firecall-security-code-v1";
export const SECURITY_CODE_ITERATIONS = 2 ** 17;
export const SECURITY_CODE_GROUPS = 6;
const DIGITS_PER_GROUP = 5;
/** Each group of 5 digits comes from 5 bytes (40 bits mod 100000: bias below 1e-7). */
const BYTES_PER_GROUP = 5;

/**
 * The canonical form of a fingerprint, `sha-256 AB:CD:…` (lower-case algorithm, upper-case hex):
 * how SDP writes it. Throws a SecurityCodeError for anything else.
 */
export function canonicalFingerprint(fingerprint: DtlsFingerprint): string {
  const algorithm = String(fingerprint.algorithm).trim().toLowerCase();
  const size = DIGEST_BYTES[algorithm];
  if (size === undefined) {
    throw new SecurityCodeError(
      "unsupported-algorithm",
      `Unsupported fingerprint algorithm "${algorithm.slice(0, 20)}": expected sha-256, sha-384 or sha-512.`,
    );
  }
  const value = typeof fingerprint.value === "string" ? fingerprint.value.trim().toUpperCase() : "";
  if (!/^[0-9A-F]{2}(:[0-9A-F]{2})*$/.test(value)) {
    throw new SecurityCodeError("malformed-fingerprint", "A fingerprint must be hex bytes separated by colons.");
  }
  const bytes = (value.length + 1) / 3;
  if (bytes !== size) {
    throw new SecurityCodeError(
      "malformed-fingerprint",
      `A ${algorithm} fingerprint has ${size} bytes; this one has ${bytes}.`,
    );
  }
  return `${algorithm} ${value}`;
}

/** What is hashed: both canonical fingerprints, sorted, so both sides derive the same input. */
export function securityCodeInput(a: DtlsFingerprint, b: DtlsFingerprint): string {
  return [canonicalFingerprint(a), canonicalFingerprint(b)].sort().join("\n");
}

/** Renders derived bytes as SECURITY_CODE_GROUPS groups of 5 decimal digits. */
export function renderGroups(bytes: Uint8Array): string[] {
  if (bytes.length < SECURITY_CODE_GROUPS * BYTES_PER_GROUP) throw new RangeError("not enough derived bytes");
  const groups: string[] = [];
  for (let g = 0; g < SECURITY_CODE_GROUPS; g++) {
    let n = 0;
    for (let i = 0; i < BYTES_PER_GROUP; i++) n = n * 256 + bytes[g * BYTES_PER_GROUP + i]!;
    groups.push(String(n % 10 ** DIGITS_PER_GROUP).padStart(DIGITS_PER_GROUP, "0"));
  }
  return groups;
}

/**
 * The security code of a connection between certificates `a` and `b`, in either order.
 * `iterations` exists for tests of properties that do not depend on it; the app uses the default.
 */
export async function deriveSecurityCode(
  a: DtlsFingerprint,
  b: DtlsFingerprint,
  iterations = SECURITY_CODE_ITERATIONS,
): Promise<string[]> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(securityCodeInput(a, b)), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: encoder.encode(SECURITY_CODE_SALT), iterations },
    key,
    256,
  );
  return renderGroups(new Uint8Array(bits));
}
