import { describe, expect, it } from "vitest";
import { matchesHash, sha256, sha256Hex } from "../../functions/src/service/hashing";

describe("hashing", () => {
  it("is SHA-256 of the UTF-8 text (FIPS 180-2 test vector, and a non-ASCII text)", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256("abc").toString("hex")).toBe(sha256Hex("abc"));
    expect(sha256Hex("é")).toBe(sha256Hex("\u00e9"));
    expect(sha256Hex("é")).not.toBe(sha256Hex("\u0065\u0301"));
  });

  it("matches a text against its stored hash only", () => {
    const stored = sha256Hex("fc_secret");
    expect(matchesHash("fc_secret", stored)).toBe(true);
    expect(matchesHash("fc_secreT", stored)).toBe(false);
    // A missing or malformed stored hash never matches (and never throws on the length check).
    expect(matchesHash("fc_secret", null)).toBe(false);
    expect(matchesHash("fc_secret", undefined)).toBe(false);
    expect(matchesHash("fc_secret", "")).toBe(false);
    expect(matchesHash("fc_secret", stored.slice(0, 62))).toBe(false);
  });
});
