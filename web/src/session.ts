import { CallRequests } from "./call/call-requests.js";
import { loadConfig } from "./config.js";
import { connectFirebase, currentUser } from "./firebase.js";
import type { SessionServices } from "./services.js";

/** Signs this browser's person in (anonymously) with Auth and Functions wired; no Firestore. */
export async function openSession(): Promise<SessionServices> {
  const config = loadConfig();
  const firebase = connectFirebase(config);
  const user = await currentUser(firebase.auth);
  return { config, firebase, uid: user.uid, requests: new CallRequests(firebase.functions) };
}
