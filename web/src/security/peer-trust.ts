/**
 * What this device remembers about people it compared security codes with, and the verdict for
 * a new connection: pure functions, the storage is in verified-peers.ts.
 *
 * Like SSH's known hosts: a verified record binds the other browser's certificate fingerprint
 * (cryptographic, and the only thing that can grant "verified") to a name this person chose.
 * To notice a change we also need to recognise "the same person" when the fingerprint differs:
 * we use the other browser's user id, which is anonymous but lasts as long as their browser
 * storage (exactly as long as their certificate). The id comes from the signaling, so whoever
 * controls the signaling can forge it; that is why it may only raise a warning, never vouch. An
 * attacker who also invents a new id avoids the warning but not the missing "verified with Sam
 * before": the person sees an unverified stranger where they expected Sam.
 */

export interface VerifiedPeer {
  /** The other browser's canonical certificate fingerprint (`sha-256 AB:…`). */
  fingerprint: string;
  /** The other browser's anonymous user id when the code was compared; null if unknown. */
  uid: string | null;
  /** What this person calls them; may be empty. Stays on this device. */
  label: string;
  /** Epoch ms of the comparison. */
  verifiedAt: number;
}

export type PeerTrust =
  | { kind: "unverified" }
  | { kind: "verified"; peer: VerifiedPeer }
  /** Same person (by user id), verified with another certificate: compare again before trusting. */
  | { kind: "changed"; previous: VerifiedPeer };

export const LABEL_MAX_LENGTH = 60;

/** A name as the person typed it, trimmed, single-line and bounded. */
export function cleanLabel(raw: string): string {
  return raw.replace(/\s+/g, " ").trim().slice(0, LABEL_MAX_LENGTH);
}

/**
 * The verdict for a connection to `fingerprint` from user `uid`, given the record for that
 * fingerprint (if any) and the records made for that user id.
 */
export function judgePeer(
  fingerprint: string,
  uid: string | null,
  sameFingerprint: VerifiedPeer | undefined,
  sameUid: readonly VerifiedPeer[],
): PeerTrust {
  if (sameFingerprint && sameFingerprint.fingerprint === fingerprint)
    return { kind: "verified", peer: sameFingerprint };
  const earlier = sameUid
    .filter((p) => uid !== null && p.uid === uid && p.fingerprint !== fingerprint)
    .sort((a, b) => b.verifiedAt - a.verifiedAt)[0];
  return earlier ? { kind: "changed", previous: earlier } : { kind: "unverified" };
}
