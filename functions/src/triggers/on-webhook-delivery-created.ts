import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { WEBHOOK_DELIVERIES } from "@firecall/model";
import { webhookService } from "../composition-root.js";

/** First attempt of a webhook delivery, right after it is enqueued; retries come from the sweep. */
export const onWebhookDeliveryCreated = onDocumentCreated(`${WEBHOOK_DELIVERIES}/{deliveryId}`, async (event) => {
  await webhookService().attempt(event.params.deliveryId, Date.now());
});
