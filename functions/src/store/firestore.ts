import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/** The one Admin SDK app and Firestore client of this functions instance. */
export function db(): Firestore {
  // Look for the default app by name: the emulator's runtime may have created other apps already.
  if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
  // gRPC, deliberately not `preferRest`: over REST, create() of an existing document gets HTTP 409,
  // which the SDK maps to ABORTED and retries for minutes instead of failing with ALREADY_EXISTS, so
  // CallStore.createIfAbsent could never see "exists" (openRoom for an existing room would hang).
  // REST also fails against the emulator without Google credentials (googleapis/nodejs-firestore#1811).
  return getFirestore();
}
