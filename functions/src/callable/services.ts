import { db } from "../admin.js";
import { CallService } from "../service/call-service.js";
import { CallStore } from "../service/call-store.js";

let service: CallService | undefined;

/** The call service wired to this instance's Firestore, built once per instance. */
export function callService(): CallService {
  service ??= new CallService(new CallStore(db()));
  return service;
}
