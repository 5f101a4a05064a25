import {
  arrayUnion,
  doc,
  serverTimestamp,
  Timestamp,
  writeBatch,
  type DocumentData,
  type Firestore,
} from "firebase/firestore";
import { encodeCandidates } from "../../functions/src/shared/signal-codec";

/** A valid signals document as the web app creates it when a session joins (see SignalDoc). */
export function newSignalDoc(overrides: DocumentData = {}): DocumentData {
  return {
    session: "session-0001",
    joinedAt: serverTimestamp(),
    target: null,
    description: null,
    candidates: "",
    left: false,
    updatedAt: serverTimestamp(),
    ...overrides,
  };
}

export const EARLIER = Timestamp.fromMillis(1_700_000_100_000);

/** A signals document as it is stored (fixed timestamps instead of server time). */
export function storedSignalDoc(uid: string, overrides: DocumentData = {}): DocumentData {
  return {
    session: `session-${uid}`,
    joinedAt: EARLIER,
    target: null,
    description: null,
    candidates: "",
    left: false,
    updatedAt: EARLIER,
    ...overrides,
  };
}

export const OFFER = { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", seq: 1 };
export const ANSWER = { type: "answer", sdp: "v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n", seq: 1 };
export const CANDIDATE_DATA = {
  candidate: "candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host",
  sdpMid: "0",
  sdpMLineIndex: 0,
};
/** One candidate as stored: a line of the candidates string (signal-codec.ts). */
export const CANDIDATE = encodeCandidates([CANDIDATE_DATA]);
/** `n` candidate lines. */
export const candidateLines = (n: number) => CANDIDATE.repeat(n);

/** How the app joins a call it has no seat in: take the seat and write its signals in one batch. */
export function seatBatch(db: Firestore, callPath: string, uid: string, signal: DocumentData = newSignalDoc()) {
  const batch = writeBatch(db);
  batch.update(doc(db, callPath), { participants: arrayUnion(uid) });
  batch.set(doc(db, `${callPath}/signals/${uid}`), signal);
  return batch;
}
