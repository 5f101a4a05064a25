import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/** The one Admin SDK app and Firestore client of this functions instance. */
export function db(): Firestore {
  if (getApps().length === 0) {
    initializeApp();
    // REST for unary calls: faster cold starts than opening a gRPC channel. Not against the
    // emulator: the REST transport then still asks for Google credentials, which a local or
    // offline emulator run does not have (googleapis/nodejs-firestore#1811), so every write fails.
    if (!process.env.FIRESTORE_EMULATOR_HOST) getFirestore().settings({ preferRest: true });
  }
  return getFirestore();
}
