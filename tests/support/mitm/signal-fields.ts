// The one place where the man-in-the-middle helper knows how a signals document stores the
// description and the ICE candidates it rewrites. When their encoding changes (for example
// candidates packed into bounded strings), only these two functions change.
import type { DocumentData } from "firebase-admin/firestore";
import type { IceCandidateData, SessionDescriptionData } from "../../../functions/src/shared/call-model.js";

export interface SignalFields {
  description: SessionDescriptionData | null;
  candidates: IceCandidateData[];
}

/** What a stored signals document says (as the other participant's page would read it). */
export function readSignalFields(data: DocumentData | undefined): SignalFields {
  const description = (data?.description ?? null) as SessionDescriptionData | null;
  const candidates = Array.isArray(data?.candidates) ? (data.candidates as IceCandidateData[]) : [];
  return { description, candidates };
}

/** The fields to write so that the document says `fields` instead. */
export function signalFieldsPatch(fields: SignalFields): DocumentData {
  return { description: fields.description, candidates: fields.candidates };
}
