import { db } from "../admin.js";
import { CallService } from "../service/call-service.js";
import { CallStore } from "../service/call-store.js";
import { IceService } from "../service/ice-service.js";
import { parseUrlList } from "../service/turn-credentials.js";
import { STUN_URLS, TURN_CREDENTIAL_TTL_SECONDS, TURN_SECRET, TURN_URLS } from "../params.js";

let service: CallService | undefined;

/** The call service wired to this instance's Firestore, built once per instance. */
export function callService(): CallService {
  service ??= new CallService(new CallStore(db()));
  return service;
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
