// The one place where the man-in-the-middle helper knows how a signals document stores the
// description and the ICE candidates it rewrites: candidates travel as one bounded string
// (functions/src/shared/signal-codec.ts), so this helper writes them exactly as a page would.
import type { DocumentData } from "firebase-admin/firestore";
import type { IceCandidateData, SessionDescriptionData } from "../../../functions/src/shared/call-model.js";
import { decodeCandidates, encodeCandidates } from "../../../functions/src/shared/signal-codec.js";

export interface SignalFields {
  description: SessionDescriptionData | null;
  candidates: IceCandidateData[];
}

/** What a stored signals document says (as the other participant's page would read it). */
export function readSignalFields(data: DocumentData | undefined): SignalFields {
  const description = (data?.description ?? null) as SessionDescriptionData | null;
  const candidates = decodeCandidates(data?.candidates);
  return { description, candidates };
}

/** The fields to write so that the document says `fields` instead. */
export function signalFieldsPatch(fields: SignalFields): DocumentData {
  return { description: fields.description, candidates: encodeCandidates(fields.candidates) };
}
