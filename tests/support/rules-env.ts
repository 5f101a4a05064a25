// One rules-test environment per file (its own project, so the Functions emulator's triggers never
// touch what it seeds), with the helpers every rules test needs: people, stored documents read past
// the rules, and "denied, and nothing changed".
import { readFileSync } from "node:fs";
import { assertFails, initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { doc, getDoc, setDoc, Timestamp, type DocumentData, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";

const [HOST = "127.0.0.1", PORT = "8080"] = (process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080").split(":");

export interface RulesEnv {
  /** A signed-in person's client. */
  as(uid: string): Firestore;
  anon(): Firestore;
  /** Runs `fn` with the rules off (seeding, inspecting). */
  admin(fn: (db: Firestore) => Promise<void>): Promise<void>;
  /** The stored document, read with the rules off; undefined when absent. */
  stored(path: string): Promise<DocumentData | undefined>;
  seed(path: string, data: DocumentData): Promise<void>;
  /** Empties the database (each test starts empty anyway). */
  clear(): Promise<void>;
  /** Asserts the operation is denied and that none of `paths` changed (absent ones stay absent). */
  expectDenied(op: () => Promise<unknown>, ...paths: string[]): Promise<void>;
}

/** Sets up the environment for the calling test file: a clean database before each test. */
export function useRulesEnv(projectId: string): RulesEnv {
  let env: RulesTestEnvironment;
  beforeAll(async () => {
    env = await initializeTestEnvironment({
      projectId,
      firestore: { rules: readFileSync("firestore.rules", "utf8"), host: HOST, port: Number(PORT) },
    });
  });
  beforeEach(async () => {
    await env.clearFirestore();
  });
  afterAll(async () => {
    await env.cleanup();
  });
  const admin = async (fn: (db: Firestore) => Promise<void>) => {
    await env.withSecurityRulesDisabled(async (ctx) => {
      await fn(ctx.firestore() as unknown as Firestore);
    });
  };
  const stored = async (path: string) => {
    let data: DocumentData | undefined;
    await admin(async (db) => {
      const snap = await getDoc(doc(db, path));
      data = snap.exists() ? snap.data() : undefined;
    });
    return data;
  };
  return {
    as: (uid) => env.authenticatedContext(uid).firestore() as unknown as Firestore,
    anon: () => env.unauthenticatedContext().firestore() as unknown as Firestore,
    admin,
    stored,
    seed: (path, data) => admin((db) => setDoc(doc(db, path), data)),
    clear: () => env.clearFirestore(),
    async expectDenied(op, ...paths) {
      expect(paths.length).toBeGreaterThan(0);
      const before = await Promise.all(paths.map(stored));
      await assertFails(op());
      expect(await Promise.all(paths.map(stored))).toEqual(before);
    },
  };
}

export const CREATED_AT = Timestamp.fromMillis(1_700_000_000_000);

/** The gate as the functions write it (functions/src/service/call-documents.ts). */
export function gateDoc(participants: string[], overrides: DocumentData = {}): DocumentData {
  return { status: "open", startsAt: CREATED_AT, endReason: null, participants, hostSeatReserved: false, ...overrides };
}
