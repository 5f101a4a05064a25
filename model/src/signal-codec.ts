/**
 * The wire format of a signals document, and the only way into and out of it. Whatever the other
 * browser wrote is untrusted: decoding never throws, and skips what is malformed instead of
 * handing it to the peer connection. Encoding drops what the security rules would refuse, so a
 * write is never denied for its content. Pure and platform-neutral: the web app imports it.
 *
 * Candidates travel as one string, a line per candidate, because security rules can bound and
 * pattern-check a string but cannot look inside the items of a list:
 *
 *     <sdpMLineIndex> <sdpMid> <candidate>\n
 *
 * with an empty field for a null index or mid (at least one of them is set), for example
 * `0 0 candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host\n`. firestore.rules checks the same
 * shape with SIGNAL_PATTERNS.candidates.
 */
import {
  DEFAULT_PARTICIPANT_STATE,
  LIMITS,
  type IceCandidateData,
  type ParticipantState,
  type SessionDescriptionData,
  type SignalDoc,
  type StoredSignalDoc,
  type TimestampLike,
} from "./call-model.js";
import { cleanDisplayName } from "./plain-text.js";

/** The patterns firestore.rules applies (a rules `matches()` must match the whole string). */
export const SIGNAL_PATTERNS = {
  session: `[A-Za-z0-9_-]{${LIMITS.sessionMinLength},${LIMITS.sessionMaxLength}}`,
  candidates: `(([0-9]{1,2})? ([!-~]{1,${LIMITS.midMaxLength}})? candidate:[ -~]+\\n){0,${LIMITS.maxCandidates}}`,
  sdp: "v=0\\r?\\n[\\s\\S]*",
  /**
   * A display name in RE2 syntax (the rules'; JavaScript writes `\\u{…}` for `\\x{…}`): no C0 or C1
   * control characters, no bidirectional overrides or isolates, no line or paragraph separators
   * (plain-text.ts, labelProblem). The rules also bound its length and refuse outer whitespace.
   */
  displayName: "[^\\x00-\\x1f\\x7f-\\x9f\\x{202a}-\\x{202e}\\x{2066}-\\x{2069}\\x{2028}\\x{2029}]+",
} as const;

const SESSION = new RegExp(`^${SIGNAL_PATTERNS.session}$`);
const SDP = new RegExp(`^${SIGNAL_PATTERNS.sdp}$`);
const MID = new RegExp(`^[!-~]{1,${LIMITS.midMaxLength}}$`);
/** A candidate attribute: printable ASCII only, so no line break can split or forge a line. */
const CANDIDATE = new RegExp(`^candidate:[ -~]{1,${LIMITS.candidateMaxLength - "candidate:".length}}$`);
const LINE = /^([0-9]{1,2})? ([!-~]+)? (candidate:.*)$/;

/** What this side publishes (LocalSignal in the web app), before encoding. */
export interface OutgoingSignal {
  target: string | null;
  description: SessionDescriptionData | null;
  candidates: readonly IceCandidateData[];
  left: boolean;
  participant: ParticipantState;
}

export type EncodedSignal = Pick<StoredSignalDoc, "target" | "description" | "candidates" | "left"> & ParticipantState;

function validCandidate(c: IceCandidateData): boolean {
  const index = c.sdpMLineIndex;
  const indexOk = index === null || (Number.isInteger(index) && index >= 0 && index <= 99);
  const midOk = c.sdpMid === null || (typeof c.sdpMid === "string" && MID.test(c.sdpMid));
  return (
    typeof c.candidate === "string" &&
    CANDIDATE.test(c.candidate) &&
    indexOk &&
    midOk &&
    (index !== null || c.sdpMid !== null)
  );
}

/**
 * One string of candidate lines. Candidates that could not be sent (malformed, or beyond
 * LIMITS.maxCandidates or LIMITS.candidatesMaxLength in total) are left out.
 */
export function encodeCandidates(list: readonly IceCandidateData[]): string {
  let out = "";
  let count = 0;
  for (const given of list) {
    if (count >= LIMITS.maxCandidates) break;
    // An empty mid says nothing (RFC 8843 needs one character); the m-line index still does.
    const c = given.sdpMid === "" ? { ...given, sdpMid: null } : given;
    if (!validCandidate(c)) continue;
    const line = `${c.sdpMLineIndex ?? ""} ${c.sdpMid ?? ""} ${c.candidate}\n`;
    if (out.length + line.length > LIMITS.candidatesMaxLength) break;
    out += line;
    count++;
  }
  return out;
}

/** The candidates in a stored string; malformed lines are skipped, never thrown on. */
export function decodeCandidates(text: unknown): IceCandidateData[] {
  if (typeof text !== "string") return [];
  const out: IceCandidateData[] = [];
  for (const line of text.slice(0, LIMITS.candidatesMaxLength).split("\n")) {
    if (out.length >= LIMITS.maxCandidates) break;
    const match = LINE.exec(line);
    if (!match) continue;
    const candidate: IceCandidateData = {
      candidate: match[3]!,
      sdpMid: match[2] ?? null,
      sdpMLineIndex: match[1] === undefined ? null : Number(match[1]),
    };
    if (validCandidate(candidate)) out.push(candidate);
  }
  return out;
}

function decodeDescription(raw: unknown): SessionDescriptionData | null {
  if (typeof raw !== "object" || raw === null) return null;
  const { type, sdp, seq } = raw as Record<string, unknown>;
  if (type !== "offer" && type !== "answer") return null;
  if (typeof sdp !== "string" || sdp.length > LIMITS.sdpMaxLength || !SDP.test(sdp)) return null;
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { type, sdp, seq };
}

function timestampOrNull(raw: unknown): TimestampLike | null {
  const t = raw as { toMillis?: unknown } | null | undefined;
  return typeof t?.toMillis === "function" ? (t as TimestampLike) : null;
}

/**
 * What the other participant says about themselves (from their document or the data channel):
 * each field that is missing or malformed takes its DEFAULT_PARTICIPANT_STATE value, never throws.
 */
export function decodeParticipant(raw: unknown): ParticipantState {
  const d = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const flag = (value: unknown, fallback: boolean) => (typeof value === "boolean" ? value : fallback);
  return {
    displayName: cleanDisplayName(d.displayName, LIMITS.displayNameMaxLength),
    micOn: flag(d.micOn, DEFAULT_PARTICIPANT_STATE.micOn),
    cameraOn: flag(d.cameraOn, DEFAULT_PARTICIPANT_STATE.cameraOn),
    screenSharing: flag(d.screenSharing, DEFAULT_PARTICIPANT_STATE.screenSharing),
  };
}

/** The participant fields as this side sends them: a name that is not a clean label is left out (null). */
export function encodeParticipant(state: ParticipantState): ParticipantState {
  return {
    displayName: cleanDisplayName(state.displayName, LIMITS.displayNameMaxLength),
    micOn: state.micOn,
    cameraOn: state.cameraOn,
    screenSharing: state.screenSharing,
  };
}

/** Whether `raw` is a session id as the rules accept it. */
export function isSessionId(raw: unknown): raw is string {
  return typeof raw === "string" && SESSION.test(raw);
}

/**
 * A stored signals document as the client may use it, or null when it cannot be one (no valid
 * session, target or `left`): then it is treated as absent. A malformed description is dropped;
 * malformed candidate lines are skipped.
 */
export function decodeSignal(raw: unknown): SignalDoc | null {
  if (typeof raw !== "object" || raw === null) return null;
  const d = raw as Record<string, unknown>;
  if (!isSessionId(d.session) || typeof d.left !== "boolean") return null;
  if (d.target !== null && !isSessionId(d.target)) return null;
  return {
    session: d.session,
    joinedAt: timestampOrNull(d.joinedAt),
    target: d.target,
    description: decodeDescription(d.description),
    candidates: decodeCandidates(d.candidates),
    left: d.left,
    updatedAt: timestampOrNull(d.updatedAt),
    participant: decodeParticipant(d),
  };
}

/** The fields of a signals document for what this side publishes. */
export function encodeSignal(signal: OutgoingSignal): EncodedSignal {
  return {
    target: signal.target,
    description: signal.description,
    candidates: encodeCandidates(signal.candidates),
    left: signal.left,
    ...encodeParticipant(signal.participant),
  };
}
