import type { FirebaseApp } from "firebase/app";
import { connectFirestoreEmulator, initializeFirestore, type Firestore } from "firebase/firestore";
import type { AppConfig } from "./config.js";

/** Wires the Firestore SDK (listeners, writes): loaded with the call page, never on the start page. */
export function connectFirestore(app: FirebaseApp, config: AppConfig): Firestore {
  // Against the emulator, auto-detection picks long polling, which delays every snapshot; real
  // Firestore streams on ordinary networks and falls back to long polling behind buffering proxies.
  const db = initializeFirestore(app, { experimentalAutoDetectLongPolling: config.emulatorHost === null });
  if (config.emulatorHost) connectFirestoreEmulator(db, config.emulatorHost, config.emulatorPorts.firestore);
  return db;
}
