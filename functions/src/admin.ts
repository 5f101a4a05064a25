import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/** The one Admin SDK app and Firestore client of this functions instance. */
export function db(): Firestore {
  if (getApps().length === 0) {
    initializeApp();
    // REST for unary calls: faster cold starts than opening a gRPC channel.
    getFirestore().settings({ preferRest: true });
  }
  return getFirestore();
}
