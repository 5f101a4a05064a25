import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { CALLS, SIGNALS, type StoredSignalDoc as SignalDoc } from "../shared/call-model.js";
import { lifecycleService, webhookService } from "../services.js";

/** Whether this write is someone joining (a first join, or back after leaving) or leaving. */
function presenceChange(before: SignalDoc | undefined, after: SignalDoc | undefined): "joined" | "left" | null {
  if (!after) return null; // deleted with the ended call: call.ended says it
  if (!after.left && (!before || before.left)) return "joined";
  if (after.left && before && !before.left) return "left";
  return null;
}

/**
 * Opens a scheduled call the moment someone joins after its start, and keeps a call's `expiresAt`
 * right as people join, leave and come back, so the sweep finds empty calls with one indexed query.
 * Heartbeats and ICE updates change neither presence nor session and cost no reads here.
 */
export const onSignalWritten = onDocumentWritten(`${CALLS}/{callId}/${SIGNALS}/{uid}`, async (event) => {
  const before = event.data?.before.data() as SignalDoc | undefined;
  const after = event.data?.after.data() as SignalDoc | undefined;
  if (before && after && before.left === after.left && before.session === after.session) return;
  const call = await lifecycleService().afterPresenceChange(event.params.callId, Date.now());
  const change = presenceChange(before, after);
  if (change && after && call?.app) {
    await webhookService().presenceChanged(event.params.callId, call, event.params.uid, Date.now());
  }
});
