import { serverTimestamp, type DocumentData } from "firebase/firestore";

/** A valid signals document as the web app creates it when a session joins (see SignalDoc). */
export function newSignalDoc(overrides: DocumentData = {}): DocumentData {
  return {
    session: "session-0001",
    joinedAt: serverTimestamp(),
    target: null,
    description: null,
    candidates: [],
    left: false,
    updatedAt: serverTimestamp(),
    ...overrides,
  };
}
