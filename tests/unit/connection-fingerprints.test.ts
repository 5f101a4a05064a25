import { describe, expect, it } from "vitest";
import type { StatsEntry } from "../../web/src/call/connection-stats.js";
import { fingerprintsFromStats } from "../../web/src/security/connection-fingerprints.js";
import { SecurityCodeError } from "../../web/src/security/security-code.js";

const LOCAL = "6F:98:F9:8D:D2:2C:BA:5F:E4:3C:AB:73:DE:A1:C0:76:39:E1:8E:38:EB:48:B6:9B:46:86:55:6A:71:4A:64:44";
const REMOTE = "31:CA:4E:8D:08:A4:96:6F:D1:81:FA:5D:AA:2A:9A:12:3A:DF:F9:FC:09:B0:9F:78:0C:84:DE:18:4C:EF:AB:42";
const OTHER = "AA:" + REMOTE.slice(3);

const cert = (fingerprint: string): StatsEntry => ({
  id: `CF${fingerprint}`,
  type: "certificate",
  fingerprint,
  fingerprintAlgorithm: "sha-256",
  base64Certificate: "MIIB…",
});

/** A connected Chromium 156 report, reduced to the entries and fields that matter here. */
function report(overrides: Partial<StatsEntry> = {}): StatsEntry[] {
  return [
    cert(LOCAL),
    cert(REMOTE),
    { id: "CP1", type: "candidate-pair", state: "succeeded", localCandidateId: "L1", remoteCandidateId: "R1" },
    {
      id: "T01",
      type: "transport",
      dtlsState: "connected",
      dtlsRole: "server",
      selectedCandidatePairId: "CP1",
      localCertificateId: `CF${LOCAL}`,
      remoteCertificateId: `CF${REMOTE}`,
      ...overrides,
    },
  ];
}

describe("the connection's certificate fingerprints, from getStats()", () => {
  it("reads the selected transport's local and remote certificates", () => {
    expect(fingerprintsFromStats(report())).toEqual({
      local: { algorithm: "sha-256", value: LOCAL },
      remote: { algorithm: "sha-256", value: REMOTE },
    });
  });

  it("has none until DTLS is connected on a selected candidate pair with both certificates", () => {
    expect(fingerprintsFromStats(report({ dtlsState: "connecting" }))).toBeNull();
    expect(fingerprintsFromStats(report({ selectedCandidatePairId: undefined }))).toBeNull();
    expect(fingerprintsFromStats(report({ selectedCandidatePairId: "CP-gone" }))).toBeNull();
    expect(fingerprintsFromStats(report({ remoteCertificateId: undefined }))).toBeNull();
    expect(fingerprintsFromStats(report({ localCertificateId: "CF-missing" }))).toBeNull();
    // An id that names an entry of another type is not a certificate.
    expect(fingerprintsFromStats(report({ remoteCertificateId: "CP1" }))).toBeNull();
    expect(fingerprintsFromStats([])).toBeNull();
  });

  it("ignores a certificate entry without a fingerprint", () => {
    const entries = report();
    entries[1] = { id: `CF${REMOTE}`, type: "certificate", fingerprintAlgorithm: "sha-256" };
    expect(fingerprintsFromStats(entries)).toBeNull();
  });

  it("accepts a second connected transport with the same certificates (no BUNDLE)", () => {
    const entries = report();
    entries.push({ ...entries[3]!, id: "T02" });
    expect(fingerprintsFromStats(entries)?.remote.value).toBe(REMOTE);
  });

  it("refuses two connected transports with different remote certificates", () => {
    const entries = report();
    entries.push(cert(OTHER), { ...entries[3]!, id: "T02", remoteCertificateId: `CF${OTHER}` });
    let err: unknown = null;
    try {
      fingerprintsFromStats(entries);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SecurityCodeError);
    expect((err as SecurityCodeError).problem).toBe("conflicting-transports");
  });

  it("rejects a malformed fingerprint in the report with the derivation's error", () => {
    const entries = report();
    entries[1] = { ...cert(REMOTE), fingerprint: "not hex" };
    expect(() => fingerprintsFromStats(entries)).toThrow("A fingerprint must be hex bytes separated by colons.");
  });
});
