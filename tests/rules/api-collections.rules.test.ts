// The server-only collections: no client, signed in or not, may read, list or write any of them
// (calls' whole records with integrators' metadata and host-key hashes, per-person quotas, API key
// hashes, rate-limit counters, Idempotency-Key records, webhook endpoints with their signing
// secrets, deliveries, what webhooks were told about presence). Only the Admin SDK in the
// functions touches them.
import { readFileSync } from "node:fs";
import { assertFails, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_KEYS, RATE_LIMITS } from "../../functions/src/service/api-key-store";
import { IDEMPOTENCY_KEYS } from "../../functions/src/service/call-store";
import { WEBHOOK_DELIVERIES, WEBHOOK_PRESENCE, WEBHOOKS } from "../../functions/src/service/webhook-store";
import { CALL_RECORDS, USER_QUOTAS } from "../../functions/src/shared/call-model";

const PROJECT_ID = "demo-firecall-rules-api";
const [HOST = "127.0.0.1", PORT = "8080"] = (process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080").split(":");
const COLLECTIONS = [
  CALL_RECORDS,
  USER_QUOTAS,
  API_KEYS,
  RATE_LIMITS,
  IDEMPOTENCY_KEYS,
  WEBHOOKS,
  WEBHOOK_DELIVERIES,
  WEBHOOK_PRESENCE,
];

let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { rules: readFileSync("firestore.rules", "utf8"), host: HOST, port: Number(PORT) },
  });
});
beforeEach(async () => {
  await env.clearFirestore();
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    for (const name of COLLECTIONS) await setDoc(doc(db, name, "existing"), { appId: "clinic", secret: "s" });
  });
});
afterAll(() => env.cleanup());

const people: [string, () => Firestore][] = [
  ["a signed-in person", () => env.authenticatedContext("mallory").firestore() as unknown as Firestore],
  ["someone signed out", () => env.unauthenticatedContext().firestore() as unknown as Firestore],
];

describe.each(COLLECTIONS)("%s", (name) => {
  it.each(people)("%s can neither read, list, create, update nor delete", async (_who, db) => {
    await assertFails(getDoc(doc(db(), name, "existing")));
    await assertFails(getDocs(collection(db(), name)));
    await assertFails(setDoc(doc(db(), name, "new"), { appId: "clinic" }));
    await assertFails(updateDoc(doc(db(), name, "existing"), { appId: "mallory" }));
    await assertFails(deleteDoc(doc(db(), name, "existing")));
    await env.withSecurityRulesDisabled(async (ctx) => {
      const snap = await getDocs(collection(ctx.firestore() as unknown as Firestore, name));
      expect(snap.docs.map((d) => [d.id, d.data()])).toEqual([["existing", { appId: "clinic", secret: "s" }]]);
    });
  });
});
