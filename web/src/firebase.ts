import { initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously, type Auth, type User } from "firebase/auth";
import { connectFirestoreEmulator, initializeFirestore, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, type Functions } from "firebase/functions";
import { initAppCheck } from "./app-check.js";
import type { AppConfig } from "./config.js";

/** The wired Firebase SDK: the only module that knows about emulators. */
export interface FirebaseServices {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
  functions: Functions;
}

export function connectFirebase(config: AppConfig): FirebaseServices {
  const app = initializeApp(config.firebase);
  initAppCheck(app);
  const auth = getAuth(app);
  // Against the emulator, auto-detection picks long polling, which delays every snapshot; real
  // Firestore streams on ordinary networks and falls back to long polling behind buffering proxies.
  const db = initializeFirestore(app, { experimentalAutoDetectLongPolling: config.emulatorHost === null });
  const functions = getFunctions(app, config.functionsRegion);
  if (config.emulatorHost) {
    const ports = config.emulatorPorts;
    connectAuthEmulator(auth, `http://${config.emulatorHost}:${ports.auth}`, { disableWarnings: true });
    connectFirestoreEmulator(db, config.emulatorHost, ports.firestore);
    connectFunctionsEmulator(functions, config.emulatorHost, ports.functions);
  }
  return { app, auth, db, functions };
}

/**
 * The anonymous user of this browser. Auth persists in IndexedDB, so a reload (or coming back
 * later with the same link) is the same person and gets the same seat back.
 */
export async function currentUser(auth: Auth): Promise<User> {
  await auth.authStateReady();
  if (auth.currentUser) return auth.currentUser;
  const cred = await signInAnonymously(auth);
  return cred.user;
}
