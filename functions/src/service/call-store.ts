import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { CALLS, type CallKind } from "../shared/call-model.js";

export interface NewCall {
  id: string;
  kind: CallKind;
  createdBy: string;
  participants: string[];
}

/** Firestore access for the call service. Returns false when the document already exists. */
export class CallStore {
  constructor(private readonly firestore: Firestore) {}

  async createIfAbsent(call: NewCall): Promise<boolean> {
    try {
      await this.firestore.collection(CALLS).doc(call.id).create({
        kind: call.kind,
        status: "open",
        createdBy: call.createdBy,
        createdAt: FieldValue.serverTimestamp(),
        participants: call.participants,
      });
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  /** The call's seat holders, or null when the call does not exist. */
  async participantsOf(id: string): Promise<string[] | null> {
    const snap = await this.firestore.collection(CALLS).doc(id).get();
    if (!snap.exists) return null;
    const participants: unknown = snap.get("participants");
    return Array.isArray(participants) ? participants.filter((p): p is string => typeof p === "string") : [];
  }
}

function isAlreadyExists(err: unknown): boolean {
  // gRPC status 6 (ALREADY_EXISTS). Over REST it would arrive as a retried ABORTED instead: see admin.ts.
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === 6;
}
