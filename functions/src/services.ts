import { db } from "./admin.js";
import { callEmptyTimeoutSeconds, callUnusedTimeoutSeconds } from "./params.js";
import { CallService, type CallServiceSettings } from "./service/call-service.js";
import { CallStore } from "./service/call-store.js";
import { LifecycleService } from "./service/lifecycle-service.js";

let call: CallService | undefined;
let lifecycle: LifecycleService | undefined;

/** The deployment's settings, read from params at run time (not at deploy time). */
function settings(): CallServiceSettings {
  return {
    defaultEmptyTimeoutSeconds: callEmptyTimeoutSeconds.value(),
    unusedTimeoutSeconds: callUnusedTimeoutSeconds.value(),
  };
}

/** The call service wired to this instance's Firestore, built once per instance. */
export function callService(): CallService {
  call ??= new CallService(new CallStore(db()), settings());
  return call;
}

/** The lifecycle service (activation, presence, expiry), built once per instance. */
export function lifecycleService(): LifecycleService {
  lifecycle ??= new LifecycleService(new CallStore(db()), settings());
  return lifecycle;
}
