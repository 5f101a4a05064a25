import { CallDirectory } from "./call/call-directory.js";
import { UnloadLeave } from "./call/unload-leave.js";
import { connectFirestore } from "./firestore.js";
import type { AppServices, SessionServices } from "./services.js";

/** Adds what a call needs to the signed-in session: Firestore, the call directory, the unload leave. */
export function callServices({ config, firebase, uid }: SessionServices): AppServices {
  const db = connectFirestore(firebase.app, config);
  const restBase = config.emulatorHost
    ? `http://${config.emulatorHost}:${config.emulatorPorts.firestore}`
    : "https://firestore.googleapis.com";
  return {
    config,
    firebase: { ...firebase, db },
    directory: new CallDirectory(db, firebase.functions),
    uid,
    unloadLeave: new UnloadLeave(firebase.auth, restBase, config.firebase.projectId ?? ""),
  };
}
