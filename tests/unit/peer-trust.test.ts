import { describe, expect, it } from "vitest";
import { cleanLabel, judgePeer, LABEL_MAX_LENGTH, type VerifiedPeer } from "../../web/src/security/peer-trust.js";
import { needsRenewal, RENEW_BEFORE_MS } from "../../web/src/security/dtls-certificate.js";

const SAM_OLD: VerifiedPeer = { fingerprint: "sha-256 AA", uid: "uid-sam", label: "Sam", verifiedAt: 1000 };
const SAM_OLDER: VerifiedPeer = { fingerprint: "sha-256 A0", uid: "uid-sam", label: "Samuel", verifiedAt: 500 };

describe("whether this device compared codes with the other browser before", () => {
  it("says verified only for the exact certificate compared", () => {
    expect(judgePeer("sha-256 AA", "uid-sam", SAM_OLD, [SAM_OLD])).toEqual({ kind: "verified", peer: SAM_OLD });
    // Whatever user id the signaling claims: the certificate is what was compared.
    expect(judgePeer("sha-256 AA", "uid-other", SAM_OLD, [])).toEqual({ kind: "verified", peer: SAM_OLD });
    // A record filed under another fingerprint never vouches.
    expect(judgePeer("sha-256 BB", null, { ...SAM_OLD }, [])).toEqual({ kind: "unverified" });
  });

  it("warns when the same user id comes with a certificate other than the compared one", () => {
    expect(judgePeer("sha-256 BB", "uid-sam", undefined, [SAM_OLDER, SAM_OLD])).toEqual({
      kind: "changed",
      previous: SAM_OLD, // the latest comparison
    });
  });

  it("treats anyone else as not compared yet", () => {
    expect(judgePeer("sha-256 BB", "uid-new", undefined, [])).toEqual({ kind: "unverified" });
    expect(judgePeer("sha-256 BB", null, undefined, [SAM_OLD])).toEqual({ kind: "unverified" });
  });

  it("keeps names short, single-line and trimmed", () => {
    expect(cleanLabel("  Sam\n  Smith\t")).toBe("Sam Smith");
    expect(cleanLabel("x".repeat(500))).toHaveLength(LABEL_MAX_LENGTH);
    expect(cleanLabel("   ")).toBe("");
  });
});

describe("renewing this browser's certificate", () => {
  const now = Date.UTC(2026, 0, 1);
  it("keeps a certificate until 30 days before it expires", () => {
    expect(needsRenewal(now + RENEW_BEFORE_MS + 1, now)).toBe(false);
    expect(needsRenewal(now + RENEW_BEFORE_MS - 1, now)).toBe(true);
    expect(needsRenewal(now - 1, now)).toBe(true);
    expect(needsRenewal(Number.NaN, now)).toBe(true);
  });
});
