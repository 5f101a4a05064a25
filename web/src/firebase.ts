import { initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously, type Auth, type User } from "firebase/auth";
import type { Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions, type Functions } from "firebase/functions";
import { initAppCheck } from "./app-check.js";
import type { AppConfig } from "./config.js";

/**
 * Auth and Functions: everything the start page needs. Firestore is wired apart (firestore.ts)
 * because only the call page uses it, and its SDK is most of the app's JavaScript.
 */
export interface FirebaseCore {
  app: FirebaseApp;
  auth: Auth;
  functions: Functions;
}

/** The whole wired Firebase SDK, as the call page uses it. */
export interface FirebaseServices extends FirebaseCore {
  db: Firestore;
}

/** Wires Auth and Functions, to the emulators unless the config names a real project. */
export function connectFirebase(config: AppConfig): FirebaseCore {
  const app = initializeApp(config.firebase);
  initAppCheck(app);
  const auth = getAuth(app);
  const functions = getFunctions(app, config.functionsRegion);
  if (config.emulatorHost) {
    const ports = config.emulatorPorts;
    connectAuthEmulator(auth, `http://${config.emulatorHost}:${ports.auth}`, { disableWarnings: true });
    connectFunctionsEmulator(functions, config.emulatorHost, ports.functions);
  }
  return { app, auth, functions };
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
