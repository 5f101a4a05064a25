import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { CALLS, SIGNALS } from "../shared/call-model.js";
import type { PresenceState } from "./webhook-presence.js";
import {
  deliveryDocument,
  toDelivery,
  toWebhook,
  WEBHOOK_DELIVERIES,
  WEBHOOKS,
  type Delivery,
  type StoredWebhook,
} from "./webhook-records.js";

/**
 * webhookPresence/{callId}_{uid}: what an app's webhooks were told about one participant of one
 * call (server-only, like the other webhook collections), deletable after `expiresAt`.
 */
export const WEBHOOK_PRESENCE = "webhookPresence";

/** What the presence transaction read. */
export interface PresenceSnapshot {
  told: PresenceState | null;
  /** Whether the participant's signals document says they are in the call now. */
  inCall: boolean;
  hooks: StoredWebhook[];
  /** The deliveries of the held-back participant.left, when one is pending. */
  pendingLeft: Delivery[];
}

/** What to write, all in the same transaction. */
export interface PresenceWrite {
  told: PresenceState;
  /** The participant.left event the state holds back, if any. */
  leftEventId: string | null;
  create: Delivery[];
  remove: string[];
  expiresAtMs: number;
}

function toState(d: Record<string, unknown>): PresenceState {
  return {
    present: d.present === true,
    visit: typeof d.visit === "number" ? d.visit : 0,
    leftAtMs: d.leftAt instanceof Timestamp ? d.leftAt.toMillis() : null,
  };
}

/**
 * Reads a participant's presence as the webhooks know it and as their signals document says it
 * is, lets `decide` choose, and writes the new state with the deliveries it creates or withdraws
 * in one transaction: a trigger that runs twice, or two triggers racing, tell each change once.
 */
export async function updatePresence(
  firestore: Firestore,
  ids: { callId: string; uid: string; appId: string },
  decide: (snapshot: PresenceSnapshot) => PresenceWrite | null,
): Promise<PresenceWrite | null> {
  const ref = firestore.collection(WEBHOOK_PRESENCE).doc(`${ids.callId}_${ids.uid}`);
  const signalRef = firestore.collection(CALLS).doc(ids.callId).collection(SIGNALS).doc(ids.uid);
  const hooksQuery = firestore.collection(WEBHOOKS).where("appId", "==", ids.appId);
  return firestore.runTransaction(async (tx) => {
    const [stateSnap, signalSnap, hooksSnap] = await Promise.all([tx.get(ref), tx.get(signalRef), tx.get(hooksQuery)]);
    const hooks = hooksSnap.docs.map((d) => toWebhook(d.id, d.data()));
    const told = stateSnap.exists ? toState(stateSnap.data()!) : null;
    const leftEventId = stateSnap.get("leftEventId") as unknown;
    let pendingLeft: Delivery[] = [];
    if (told?.leftAtMs != null && typeof leftEventId === "string") {
      const snap = await tx.get(firestore.collection(WEBHOOK_DELIVERIES).where("eventId", "==", leftEventId));
      pendingLeft = snap.docs.map((d) => toDelivery(d.id, d.data()));
    }
    const inCall = signalSnap.exists && signalSnap.get("left") === false;
    const write = decide({ told, inCall, hooks, pendingLeft });
    if (!write) return null;
    tx.set(ref, {
      ...ids,
      present: write.told.present,
      visit: write.told.visit,
      leftAt: write.told.leftAtMs === null ? null : Timestamp.fromMillis(write.told.leftAtMs),
      leftEventId: write.leftEventId,
      expiresAt: Timestamp.fromMillis(write.expiresAtMs),
    });
    for (const delivery of write.create) {
      tx.create(firestore.collection(WEBHOOK_DELIVERIES).doc(delivery.id), deliveryDocument(delivery));
    }
    for (const id of write.remove) tx.delete(firestore.collection(WEBHOOK_DELIVERIES).doc(id));
    return write;
  });
}
