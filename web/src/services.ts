import { CallDirectory } from "./call/call-directory.js";
import { UnloadLeave } from "./call/unload-leave.js";
import { loadConfig, type AppConfig } from "./config.js";
import { connectFirebase, currentUser, type FirebaseServices } from "./firebase.js";

/** Everything the views need from the outside world, created once per page. */
export interface AppServices {
  config: AppConfig;
  firebase: FirebaseServices;
  directory: CallDirectory;
  uid: string;
  /** The leave that survives the page going away (pagehide). */
  unloadLeave: UnloadLeave;
}

let services: Promise<AppServices> | null = null;

export function appServices(): Promise<AppServices> {
  services ??= (async () => {
    const config = loadConfig();
    const firebase = connectFirebase(config);
    const user = await currentUser(firebase.auth);
    const restBase = config.emulatorHost
      ? `http://${config.emulatorHost}:${config.emulatorPorts.firestore}`
      : "https://firestore.googleapis.com";
    return {
      config,
      firebase,
      directory: new CallDirectory(firebase.db, firebase.functions),
      uid: user.uid,
      unloadLeave: new UnloadLeave(firebase.auth, restBase, config.firebase.projectId ?? ""),
    };
  })();
  return services;
}
