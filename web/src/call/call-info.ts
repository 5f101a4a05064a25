import type { CallDoc } from "@firecall/model";
import { isHostOf, type CallDetails } from "./call-directory.js";
import type { CallInfo } from "./call-state.js";

/**
 * What the page shows about the call, from its gate and (once seated) its details. Names an app
 * gave go by seat: the host's to the host, the guest's to the other person.
 */
export function callInfo(call: CallDoc, details: CallDetails | null, uid: string): CallInfo {
  const isCreator = isHostOf(details, uid);
  return {
    status: call.status,
    startsAtMs: call.startsAt.toMillis(),
    title: details?.title ?? null,
    isCreator,
    ownAppName: (isCreator ? details?.hostName : details?.guestName) ?? null,
    otherAppName: (isCreator ? details?.guestName : details?.hostName) ?? null,
  };
}
