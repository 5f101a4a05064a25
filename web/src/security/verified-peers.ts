import { judgePeer, cleanLabel, type PeerTrust, type VerifiedPeer } from "./peer-trust.js";
import { readStore, VERIFIED_PEERS, writeStore } from "./security-db.js";

/** The "We compared it" marks of this device, in IndexedDB (see peer-trust.ts for the design). */

/** The verdict for a connection to the canonical `fingerprint` from user `uid`. */
export async function trustFor(fingerprint: string, uid: string | null): Promise<PeerTrust> {
  const [sameFingerprint, sameUid] = await Promise.all([
    readStore<VerifiedPeer | undefined>(VERIFIED_PEERS, (s) => s.get(fingerprint)),
    uid === null ? [] : readStore<VerifiedPeer[]>(VERIFIED_PEERS, (s) => s.index("uid").getAll(uid)),
  ]);
  return judgePeer(fingerprint, uid, sameFingerprint, sameUid);
}

/** Remembers that this person compared the code with the owner of `fingerprint`. */
export async function markVerified(fingerprint: string, uid: string | null, label: string): Promise<VerifiedPeer> {
  const peer: VerifiedPeer = { fingerprint, uid, label: cleanLabel(label), verifiedAt: Date.now() };
  await writeStore(VERIFIED_PEERS, (s) => s.put(peer));
  return peer;
}

/** Forgets a comparison: the record for this fingerprint, and older ones for the same user. */
export async function forgetPeer(fingerprint: string, uid: string | null): Promise<void> {
  const sameUid =
    uid === null ? [] : await readStore<VerifiedPeer[]>(VERIFIED_PEERS, (s) => s.index("uid").getAll(uid));
  await writeStore(VERIFIED_PEERS, (s) => {
    s.delete(fingerprint);
    for (const peer of sameUid) s.delete(peer.fingerprint);
  });
}
