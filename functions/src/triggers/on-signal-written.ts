import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { CALLS, SIGNALS } from "@firecall/model";
import { presenceService } from "../composition-root.js";

/**
 * Opens a scheduled call the moment someone joins after its start, and keeps a call's `expiresAt`
 * right as people join, leave and come back, so the sweep finds empty calls with one indexed query;
 * tells an app's webhooks who arrived and left. Heartbeats and ICE updates change neither presence
 * nor session and cost no reads (PresenceService decides).
 */
export const onSignalWritten = onDocumentWritten(`${CALLS}/{callId}/${SIGNALS}/{uid}`, (event) =>
  presenceService().signalsWritten(
    event.params.callId,
    event.params.uid,
    event.data?.before.data(),
    event.data?.after.data(),
    Date.now(),
  ),
);
