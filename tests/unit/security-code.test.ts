import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalFingerprint,
  deriveSecurityCode,
  renderGroups,
  SECURITY_CODE_ITERATIONS,
  SECURITY_CODE_SALT,
  SecurityCodeError,
  securityCodeInput,
  type DtlsFingerprint,
} from "../../web/src/security/security-code.js";

// Two certificates Chromium 156 made (the fingerprints its getStats() reported).
const ALICE: DtlsFingerprint = {
  algorithm: "sha-256",
  value: "6F:98:F9:8D:D2:2C:BA:5F:E4:3C:AB:73:DE:A1:C0:76:39:E1:8E:38:EB:48:B6:9B:46:86:55:6A:71:4A:64:44",
};
const BOB: DtlsFingerprint = {
  algorithm: "sha-256",
  value: "31:CA:4E:8D:08:A4:96:6F:D1:81:FA:5D:AA:2A:9A:12:3A:DF:F9:FC:09:B0:9F:78:0C:84:DE:18:4C:EF:AB:42",
};
const COUNTING: DtlsFingerprint = {
  algorithm: "sha-256",
  value: Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, "0").toUpperCase()).join(":"),
};

/** Fixed vectors (computed once with Node's own PBKDF2 and BigInt arithmetic): any change to the derivation breaks them (and would break calls between versions). */
const VECTORS: [DtlsFingerprint, DtlsFingerprint, string][] = [
  [ALICE, BOB, "02067 48570 43117 35579 07309 80909"],
  [ALICE, COUNTING, "77752 33630 96669 97117 49594 73388"],
];

function withByte(f: DtlsFingerprint, index: number, value: number): DtlsFingerprint {
  const bytes = f.value.split(":");
  bytes[index] = value.toString(16).padStart(2, "0").toUpperCase();
  return { ...f, value: bytes.join(":") };
}

async function expectProblem(f: DtlsFingerprint, problem: string, message: string): Promise<void> {
  const err = await deriveSecurityCode(f, BOB, 1).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(SecurityCodeError);
  expect({ problem: (err as SecurityCodeError).problem, message: (err as Error).message }).toEqual({
    problem,
    message,
  });
}

describe("security code derivation", () => {
  it.each(VECTORS)("gives the fixed code for %#", async (a, b, expected) => {
    expect((await deriveSecurityCode(a, b)).join(" ")).toBe(expected);
  });

  it("is the sorted canonical fingerprints through PBKDF2-HMAC-SHA-256, rendered 5 bytes per group", async () => {
    // An independent PBKDF2 (Node's own) over the documented input.
    const input = `sha-256 ${BOB.value}\nsha-256 ${ALICE.value}`;
    expect(securityCodeInput(ALICE, BOB)).toBe(input);
    const bytes = pbkdf2Sync(input, SECURITY_CODE_SALT, SECURITY_CODE_ITERATIONS, 32, "sha256");
    expect(await deriveSecurityCode(ALICE, BOB)).toEqual(renderGroups(new Uint8Array(bytes)));
    expect(SECURITY_CODE_ITERATIONS).toBe(131_072);
  });

  it("renders each 5-byte chunk big-endian, modulo 100000, zero-padded", () => {
    const bytes = new Uint8Array(32);
    bytes.set([0, 0, 1, 0x86, 0xa0], 0); // 100000 → 00000
    bytes.set([0, 0, 1, 0x86, 0x9f], 5); // 99999
    bytes.set([0xff, 0xff, 0xff, 0xff, 0xff], 10); // 2^40 − 1 = 1099511627775 → 27775
    bytes.set([0, 0, 0, 0, 7], 15); // 7 → 00007
    expect(renderGroups(bytes)).toEqual(["00000", "99999", "27775", "00007", "00000", "00000"]);
    expect(() => renderGroups(new Uint8Array(29))).toThrow(RangeError);
  });

  it("gives the same code whichever side computes it", async () => {
    for (const [a, b] of VECTORS) {
      expect(await deriveSecurityCode(b, a)).toEqual(await deriveSecurityCode(a, b));
    }
  });

  it("accepts the lower-case form getFingerprints() returns and surrounding spaces", async () => {
    const lower = { algorithm: " SHA-256 ", value: ` ${ALICE.value.toLowerCase()} ` };
    expect(canonicalFingerprint(lower)).toBe(`sha-256 ${ALICE.value}`);
    expect(await deriveSecurityCode(lower, BOB, 1)).toEqual(await deriveSecurityCode(ALICE, BOB, 1));
  });

  it("changes when any byte of either fingerprint changes", async () => {
    // The property does not depend on the iteration count; one iteration keeps 64 derivations fast.
    const base = (await deriveSecurityCode(ALICE, BOB, 1)).join("");
    const seen = new Set([base]);
    for (let i = 0; i < 32; i++) {
      for (const [changed, other] of [
        [withByte(ALICE, i, parseInt(ALICE.value.split(":")[i]!, 16) ^ 0x01), BOB],
        [ALICE, withByte(BOB, i, parseInt(BOB.value.split(":")[i]!, 16) ^ 0x80)],
      ] as const) {
        seen.add((await deriveSecurityCode(changed, other, 1)).join(""));
      }
    }
    expect(seen.size).toBe(1 + 64);
  });

  it("changes with the algorithm named, even for the same bytes", async () => {
    const bytes48 = Array.from({ length: 48 }, () => "AB").join(":");
    const code384 = await deriveSecurityCode({ algorithm: "sha-384", value: bytes48 }, BOB, 1);
    const code256 = await deriveSecurityCode({ algorithm: "sha-256", value: bytes48.slice(0, 95) }, BOB, 1);
    expect(code384).not.toEqual(code256);
  });

  it("rejects malformed fingerprints with a specific error", async () => {
    await expectProblem(
      { algorithm: "md5", value: "AB:CD" },
      "unsupported-algorithm",
      'Unsupported fingerprint algorithm "md5": expected sha-256, sha-384 or sha-512.',
    );
    await expectProblem(
      { algorithm: "sha-1", value: ALICE.value.slice(0, 59) },
      "unsupported-algorithm",
      'Unsupported fingerprint algorithm "sha-1": expected sha-256, sha-384 or sha-512.',
    );
    await expectProblem(
      { algorithm: "sha-256", value: "6F:98" },
      "malformed-fingerprint",
      "A sha-256 fingerprint has 32 bytes; this one has 2.",
    );
    await expectProblem(
      { algorithm: "sha-256", value: ALICE.value.replaceAll(":", "") },
      "malformed-fingerprint",
      "A fingerprint must be hex bytes separated by colons.",
    );
    await expectProblem(
      { algorithm: "sha-256", value: ALICE.value.replace("6F", "ZZ") },
      "malformed-fingerprint",
      "A fingerprint must be hex bytes separated by colons.",
    );
    await expectProblem(
      { algorithm: "sha-256", value: "" },
      "malformed-fingerprint",
      "A fingerprint must be hex bytes separated by colons.",
    );
    await expectProblem(
      { algorithm: "sha-256", value: 42 as unknown as string },
      "malformed-fingerprint",
      "A fingerprint must be hex bytes separated by colons.",
    );
    await expectProblem(
      { algorithm: "x".repeat(10_000), value: ALICE.value },
      "unsupported-algorithm",
      `Unsupported fingerprint algorithm "${"x".repeat(20)}": expected sha-256, sha-384 or sha-512.`,
    );
  });
});
