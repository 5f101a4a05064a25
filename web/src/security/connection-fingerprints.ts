import type { StatsEntry } from "../call/connection-stats.js";
import { canonicalFingerprint, SecurityCodeError, type DtlsFingerprint } from "./security-code.js";

/**
 * The certificates a connection actually uses, read from getStats(): the transport that has a
 * selected candidate pair and a connected DTLS session, and the certificates it names. Never
 * from the signaling documents, which whoever controls the signaling can rewrite.
 */
export interface ConnectionFingerprints {
  local: DtlsFingerprint;
  remote: DtlsFingerprint;
}

function certificate(byId: Map<string, StatsEntry>, id: unknown): DtlsFingerprint | null {
  const cert = typeof id === "string" ? byId.get(id) : undefined;
  if (cert?.type !== "certificate") return null;
  const { fingerprint, fingerprintAlgorithm } = cert;
  if (typeof fingerprint !== "string" || typeof fingerprintAlgorithm !== "string") return null;
  return { algorithm: fingerprintAlgorithm, value: fingerprint };
}

/**
 * The fingerprints of the connected transport in a report; null while no transport is connected
 * with both certificates known. Throws a SecurityCodeError for a malformed fingerprint, and when
 * two connected transports disagree (a code for one of them would be a lie about the other).
 */
export function fingerprintsFromStats(report: Iterable<StatsEntry>): ConnectionFingerprints | null {
  const byId = new Map<string, StatsEntry>();
  for (const s of report) byId.set(s.id, s);
  let found: ConnectionFingerprints | null = null;
  for (const s of byId.values()) {
    if (s.type !== "transport" || s.dtlsState !== "connected") continue;
    if (typeof s.selectedCandidatePairId !== "string" || !byId.has(s.selectedCandidatePairId)) continue;
    const local = certificate(byId, s.localCertificateId);
    const remote = certificate(byId, s.remoteCertificateId);
    if (!local || !remote) continue;
    const pair = { local, remote };
    if (found && !samePair(found, pair)) {
      throw new SecurityCodeError("conflicting-transports", "Two connected transports use different certificates.");
    }
    found ??= pair;
  }
  if (found) {
    canonicalFingerprint(found.local);
    canonicalFingerprint(found.remote);
  }
  return found;
}

function samePair(a: ConnectionFingerprints, b: ConnectionFingerprints): boolean {
  return (
    canonicalFingerprint(a.local) === canonicalFingerprint(b.local) &&
    canonicalFingerprint(a.remote) === canonicalFingerprint(b.remote)
  );
}

/** Reads the connection's fingerprints now (see fingerprintsFromStats). */
export async function readConnectionFingerprints(pc: RTCPeerConnection): Promise<ConnectionFingerprints | null> {
  const entries: StatsEntry[] = [];
  (await pc.getStats()).forEach((s: StatsEntry) => entries.push(s));
  return fingerprintsFromStats(entries);
}
