import { db } from "./admin.js";
import {
  callEmptyTimeoutSeconds,
  callUnusedTimeoutSeconds,
  STUN_URLS,
  TURN_CREDENTIAL_TTL_SECONDS,
  TURN_SECRET,
  TURN_URLS,
} from "./params.js";
import { CallService, type CallServiceSettings } from "./service/call-service.js";
import { CallStore } from "./service/call-store.js";
import { IceService } from "./service/ice-service.js";
import { LifecycleService } from "./service/lifecycle-service.js";
import { parseUrlList } from "./service/turn-credentials.js";

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

let ice: IceService | undefined;

/** The ICE service wired to this instance's Firestore and parameters. */
export function iceService(): IceService {
  ice ??= new IceService(new CallStore(db()), () => ({
    stunUrls: parseUrlList(STUN_URLS.value()),
    turnUrls: parseUrlList(TURN_URLS.value()),
    // Emulated without functions/.secret.local the secret is unset: then we hand out STUN only.
    turnSecret: process.env.TURN_SECRET ? TURN_SECRET.value() : "",
    ttlSeconds: TURN_CREDENTIAL_TTL_SECONDS.value(),
  }));
  return ice;
}
