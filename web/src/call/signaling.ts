import {
  arrayUnion,
  collection,
  doc,
  onSnapshot,
  serverTimestamp,
  updateDoc,
  writeBatch,
  type Firestore,
  type Unsubscribe,
} from "firebase/firestore";
import { CALLS, SIGNALS, type CallDoc, type SignalDoc } from "../../../functions/src/shared/call-model.js";
import type { LocalSignal, SignalSink } from "./signal-writer.js";

export interface SignalingListener {
  onCall(call: CallDoc | null): void;
  onRemote(remote: SignalDoc | null, remoteUid: string | null): void;
  onOwn(own: SignalDoc | null): void;
  onError(err: unknown): void;
}

/** Signaling through Firestore: this participant's document, and listeners on the call. */
export class FirestoreSignaling implements SignalSink {
  private unsubscribers: Unsubscribe[] = [];

  constructor(
    private readonly db: Firestore,
    readonly callId: string,
    readonly uid: string,
    readonly session: string,
  ) {}

  private get ownRef() {
    return doc(this.db, CALLS, this.callId, SIGNALS, this.uid);
  }

  /**
   * Takes a seat (unless already seated) and publishes this session's first signal in one
   * atomic batch: one round trip, and the rules see the seat when they check the signal.
   */
  async join(signal: LocalSignal, takeSeat: boolean): Promise<void> {
    const batch = writeBatch(this.db);
    if (takeSeat) batch.update(doc(this.db, CALLS, this.callId), { participants: arrayUnion(this.uid) });
    batch.set(this.ownRef, {
      session: this.session,
      joinedAt: serverTimestamp(),
      ...signal,
      updatedAt: serverTimestamp(),
    });
    await batch.commit();
  }

  async write(signal: LocalSignal): Promise<void> {
    await updateDoc(this.ownRef, { ...signal, updatedAt: serverTimestamp() });
  }

  /** Two listeners: the call document (seats, status) and both signals documents. */
  listen(listener: SignalingListener): void {
    this.unsubscribers.push(
      onSnapshot(
        doc(this.db, CALLS, this.callId),
        (snap) => listener.onCall(snap.exists() ? (snap.data() as CallDoc) : null),
        (err) => listener.onError(err),
      ),
      onSnapshot(
        collection(this.db, CALLS, this.callId, SIGNALS),
        (snap) => {
          let remote: SignalDoc | null = null;
          let remoteUid: string | null = null;
          let own: SignalDoc | null = null;
          for (const d of snap.docs) {
            const data = d.data({ serverTimestamps: "estimate" }) as SignalDoc;
            if (d.id === this.uid) own = data;
            else {
              remote = data;
              remoteUid = d.id;
            }
          }
          listener.onOwn(own);
          listener.onRemote(remote, remoteUid);
        },
        (err) => listener.onError(err),
      ),
    );
  }

  stopListening(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }
}
