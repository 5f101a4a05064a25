import type { IceCandidateData, SignalDoc, TimestampLike } from "@firecall/model";

/**
 * Pure decisions about the other participant's signals document, kept apart from the
 * RTCPeerConnection so they can be tested without a browser.
 */

/** What we remember about the remote side between snapshots. */
export interface RemoteTracker {
  session: string | null;
  /** Highest description seq of `session` already handled (applied or ignored). */
  handledSeq: number;
  /** Seq of the description we ignored as the impolite side; its candidates are ignored too. */
  ignoredSeq: number | null;
  /** Candidates already handed to the peer connection, by candidate string. */
  seenCandidates: Set<string>;
}

export function freshTracker(): RemoteTracker {
  return { session: null, handledSeq: -1, ignoredSeq: null, seenCandidates: new Set() };
}

export type RemoteAction =
  | { kind: "absent" }
  | { kind: "left" }
  | {
      kind: "present";
      /** The remote is a different page load than the one our peer connection talked to. */
      newSession: boolean;
      /** A description addressed to us (or to anyone) that we have not handled yet. */
      description: RTCSessionDescriptionInit | null;
      descriptionSeq: number | null;
      /** Candidates addressed to us that we have not added yet. */
      candidates: IceCandidateData[];
    };

function addressedToUs(remote: SignalDoc, mySession: string): boolean {
  return remote.target === null || remote.target === mySession;
}

/** Decides what a new snapshot of the remote document means, without changing `tracker`. */
export function interpretRemote(remote: SignalDoc | null, tracker: RemoteTracker, mySession: string): RemoteAction {
  if (!remote) return { kind: "absent" };
  if (remote.left) return { kind: "left" };
  const newSession = remote.session !== tracker.session;
  const handledSeq = newSession ? -1 : tracker.handledSeq;
  const ignoredSeq = newSession ? null : tracker.ignoredSeq;
  const seen = newSession ? new Set<string>() : tracker.seenCandidates;
  const forUs = addressedToUs(remote, mySession);
  const desc = remote.description;
  const fresh = forUs && desc !== null && desc.seq > handledSeq;
  const currentSeq = desc?.seq ?? null;
  const candidatesIgnored = !forUs || (currentSeq !== null && currentSeq === ignoredSeq && !fresh);
  return {
    kind: "present",
    newSession,
    description: fresh ? { type: desc.type, sdp: desc.sdp } : null,
    descriptionSeq: fresh ? desc.seq : null,
    candidates: candidatesIgnored ? [] : remote.candidates.filter((c) => !seen.has(c.candidate)),
  };
}

function millis(t: TimestampLike | null): number {
  return t ? t.toMillis() : Number.POSITIVE_INFINITY;
}

/**
 * The peer that joined first is polite: it yields to the newcomer's offer. Join times are server
 * timestamps, so both sides reach the same verdict; equal times fall back to comparing uids.
 */
export function isPolite(
  mine: { joinedAt: TimestampLike | null; uid: string },
  theirs: { joinedAt: TimestampLike | null; uid: string },
): boolean {
  const a = millis(mine.joinedAt);
  const b = millis(theirs.joinedAt);
  if (a !== b) return a < b;
  return mine.uid < theirs.uid;
}
