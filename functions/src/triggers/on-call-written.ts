import { onDocumentWritten } from "firebase-functions/v2/firestore";
import { CALL_RECORDS } from "@firecall/model";
import { webhookService } from "../composition-root.js";

/**
 * Webhook events of an integrating app's call: created, opened, ended. Whatever changed the call's
 * record (the REST API, the callable endCall, the first join after its start, the sweep), the
 * change is seen here once; seats taken on the gate do not wake it. Calls of the web app (no
 * appId) cost one invocation and no reads.
 */
export const onCallWritten = onDocumentWritten(`${CALL_RECORDS}/{callId}`, (event) =>
  webhookService().callRecordWritten(
    event.params.callId,
    event.data?.before.data(),
    event.data?.after.data(),
    Date.now(),
  ),
);
