import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { toRecord } from "../service/call-store.js";
import { CALLS, type CallDoc } from "../shared/call-model.js";
import { webhookService } from "../services.js";

/**
 * Webhook events of an integrating app's call: created, opened, ended. Whatever changed the call
 * (the REST API, the callable endCall, the sweep), the change is seen here once. Calls of the web
 * app (no appId) cost one invocation and no reads.
 */
export const onCallWritten = onDocumentWritten(`${CALLS}/{callId}`, async (event) => {
  const before = event.data?.before.data() as CallDoc | undefined;
  const after = event.data?.after.data() as CallDoc | undefined;
  if (!before?.appId && !after?.appId) return;
  if (before && after && before.status === after.status) return;
  await webhookService().callChanged(
    event.params.callId,
    before ? toRecord(before) : null,
    after ? toRecord(after) : null,
    Date.now(),
  );
});
