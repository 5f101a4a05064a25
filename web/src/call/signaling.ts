import {
  arrayUnion,
  collection,
  doc,
  getDoc,
  onSnapshot,
  serverTimestamp,
  setDoc,
  updateDoc,
  type Firestore,
  type Unsubscribe,
} from "firebase/firestore";
import { CALLS, SIGNALS, type CallDoc, type SignalDoc } from "../../../functions/src/shared/call-model.js";
import { decodeSignal, encodeSignal } from "../../../functions/src/shared/signal-codec.js";
import type { LocalSignal, SignalSink } from "./signal-writer.js";

export interface SignalingListener {
  onCall(call: CallDoc | null): void;
  onRemote(remote: SignalDoc | null, remoteUid: string | null): void;
  /** `confirmed`: the server has stored it (its server timestamps are final, not estimates). */
  onOwn(own: SignalDoc | null, confirmed: boolean): void;
  /** Whether the signals came from the cache only: the SDK has lost the server (we are offline). */
  onSource(fromCache: boolean): void;
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

  /** Takes a free seat. The rules allow it only while a seat is free and the call is open. */
  async claimSeat(): Promise<void> {
    await updateDoc(doc(this.db, CALLS, this.callId), { participants: arrayUnion(this.uid) });
  }

  /** Publishes this session's first signal: replaces whatever an earlier page load left. */
  async publishFirst(signal: LocalSignal): Promise<void> {
    await setDoc(this.ownRef, {
      session: this.session,
      joinedAt: serverTimestamp(),
      ...encodeSignal(signal),
      updatedAt: serverTimestamp(),
    });
  }

  /**
   * Every later write names our session: the rules then refuse it once a newer page load of ours
   * (a reload, another tab) has taken the document, so a write still in flight from a page that
   * is going away can never overwrite the new page's signaling.
   */
  async write(signal: LocalSignal): Promise<void> {
    await updateDoc(this.ownRef, { session: this.session, ...encodeSignal(signal), updatedAt: serverTimestamp() });
  }

  /** The heartbeat: only `updatedAt` changes (the other side's listener still reads the document once). */
  async touch(): Promise<void> {
    await updateDoc(this.ownRef, { session: this.session, updatedAt: serverTimestamp() });
  }

  /** Our own signals document as the server has it now (to tell why a write was refused). */
  async readOwn(): Promise<SignalDoc | null> {
    const snap = await getDoc(this.ownRef);
    return snap.exists() ? (snap.data() as SignalDoc) : null;
  }

  /** Two listeners: the call document (status) and both signals documents. Needs a seat. */
  listen(listener: SignalingListener): void {
    this.unsubscribers.push(
      onSnapshot(
        doc(this.db, CALLS, this.callId),
        (snap) => listener.onCall(snap.exists() ? (snap.data() as CallDoc) : null),
        (err) => listener.onError(err),
      ),
      onSnapshot(
        collection(this.db, CALLS, this.callId, SIGNALS),
        // Metadata changes too: the moment our own join is confirmed (its server time known) matters.
        { includeMetadataChanges: true },
        (snap) => {
          let remote: SignalDoc | null = null;
          let remoteUid: string | null = null;
          let own: SignalDoc | null = null;
          let ownConfirmed = false;
          for (const d of snap.docs) {
            // Untrusted: a malformed document counts as absent, malformed candidates are skipped.
            const data = decodeSignal(d.data({ serverTimestamps: "estimate" }));
            if (!data) continue;
            if (d.id === this.uid) {
              own = data;
              ownConfirmed = !d.metadata.hasPendingWrites;
            } else {
              remote = data;
              remoteUid = d.id;
            }
          }
          listener.onSource(snap.metadata.fromCache);
          listener.onOwn(own, ownConfirmed);
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
