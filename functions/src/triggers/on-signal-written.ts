import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { CALLS, SIGNALS, type SignalDoc } from "../shared/call-model.js";
import { lifecycleService } from "../services.js";

/**
 * Keeps a call's `expiresAt` right as people join, leave and come back, so the sweep finds empty
 * calls with one indexed query. Heartbeats and ICE updates change neither presence nor session and
 * cost no reads here.
 */
export const onSignalWritten = onDocumentWritten(`${CALLS}/{callId}/${SIGNALS}/{uid}`, async (event) => {
  const before = event.data?.before.data() as SignalDoc | undefined;
  const after = event.data?.after.data() as SignalDoc | undefined;
  if (before && after && before.left === after.left && before.session === after.session) return;
  await lifecycleService().refreshExpiry(event.params.callId, Date.now());
});
