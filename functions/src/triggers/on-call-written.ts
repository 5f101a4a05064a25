import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { toRecord } from "../service/call-store.js";
import { CALL_RECORDS, type CallRecordDoc } from "../shared/call-model.js";
import { webhookService } from "../services.js";

/**
 * Webhook events of an integrating app's call: created, opened, ended. Whatever changed the call's
 * record (the REST API, the callable endCall, the first join after its start, the sweep), the
 * change is seen here once; seats taken on the gate do not wake it. Calls of the web
 * app (no appId) cost one invocation and no reads.
 */
export const onCallWritten = onDocumentWritten(`${CALL_RECORDS}/{callId}`, async (event) => {
  const before = event.data?.before.data() as CallRecordDoc | undefined;
  const after = event.data?.after.data() as CallRecordDoc | undefined;
  if (!before?.appId && !after?.appId) return;
  if (before && after && before.status === after.status) return;
  await webhookService().callChanged(
    event.params.callId,
    before ? toRecord(before) : null,
    after ? toRecord(after) : null,
    Date.now(),
  );
});
