// Clients for tests that run against the emulators: web-SDK clients (one app per person, as in the
// browser) and an Admin SDK Firestore that bypasses the rules to inspect or seed what is stored.
import { readFileSync } from "node:fs";
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously } from "firebase/auth";
import { connectFirestoreEmulator, getFirestore, type Firestore as ClientFirestore } from "firebase/firestore";
import { connectFunctionsEmulator, FunctionsError, getFunctions, httpsCallable } from "firebase/functions";
import { deleteApp as deleteAdminApp, initializeApp as initializeAdminApp, type App } from "firebase-admin/app";
import {
  getFirestore as getAdminFirestore,
  Timestamp,
  type DocumentData,
  type Firestore,
} from "firebase-admin/firestore";
import { expect } from "vitest";
import { CALL_DETAILS_ID, CALL_PRIVATE, CALL_RECORDS, CALLS } from "../../functions/src/shared/call-model";

export const PROJECT_ID = "demo-firecall";

function hostPort(envName: string, fallback: string): [string, number] {
  const [host = "127.0.0.1", port = "0"] = (process.env[envName] ?? fallback).split(":");
  return [host, Number(port)];
}

export const FIRESTORE = hostPort("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080");
export const AUTH = hostPort("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099");
export const FUNCTIONS = hostPort("FUNCTIONS_EMULATOR_HOST_PORT", "127.0.0.1:5001");

/** The base URL of an emulated HTTP function (scheduled functions get a `-0` suffix). */
export function functionUrl(name: string): string {
  return `http://${FUNCTIONS[0]}:${FUNCTIONS[1]}/${PROJECT_ID}/us-central1/${name}`;
}

/** The functions' deployment settings as the emulator loads them (functions/.env). */
export function functionsEnv(): Record<string, string> {
  const text = readFileSync(new URL("../../functions/.env", import.meta.url), "utf8");
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split("=", 2) as [string, string]),
  );
}

export interface TestClient {
  uid: string | null;
  db: ClientFirestore;
  call<T = unknown>(name: string, data?: unknown): Promise<T>;
}

/** Web-SDK clients and an admin Firestore for one test file. */
export class EmulatorClients {
  private apps: FirebaseApp[] = [];
  private count = 0;
  readonly adminApp: App;
  readonly admin: Firestore;

  constructor(readonly label: string) {
    // Set by `firebase emulators:exec`; without it the Admin SDK would talk to production.
    expect(process.env.FIRESTORE_EMULATOR_HOST, "run inside scripts/with-emulators.mjs").toBeTruthy();
    this.adminApp = initializeAdminApp({ projectId: PROJECT_ID }, `${label}-admin`);
    this.admin = getAdminFirestore(this.adminApp);
  }

  /** A person with a web-SDK app of their own, signed in anonymously unless `signedIn` is false. */
  async client(signedIn = true): Promise<TestClient> {
    const app = initializeApp(
      { projectId: PROJECT_ID, apiKey: "demo-key", authDomain: `${PROJECT_ID}.firebaseapp.com` },
      `${this.label}-${++this.count}`,
    );
    this.apps.push(app);
    const auth = getAuth(app);
    connectAuthEmulator(auth, `http://${AUTH[0]}:${AUTH[1]}`, { disableWarnings: true });
    const fns = getFunctions(app);
    connectFunctionsEmulator(fns, FUNCTIONS[0], FUNCTIONS[1]);
    const db = getFirestore(app);
    connectFirestoreEmulator(db, FIRESTORE[0], FIRESTORE[1]);
    const uid = signedIn ? (await signInAnonymously(auth)).user.uid : null;
    return {
      uid,
      db,
      call: async <T>(name: string, data?: unknown) => (await httpsCallable<unknown, T>(fns, name)(data)).data,
    };
  }

  /** Deletes every document in the emulator's database. */
  async clearFirestore(): Promise<void> {
    const url = `http://${FIRESTORE[0]}:${FIRESTORE[1]}/emulator/v1/projects/${PROJECT_ID}/databases/(default)/documents`;
    // A trigger still running from the previous test can hold a transaction open, and the emulator
    // then refuses the reset; it succeeds once that transaction ends. Bounded retries.
    let last = "";
    for (let attempt = 0; attempt < 10; attempt++) {
      const res = await fetch(url, { method: "DELETE" });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
    throw new Error(`could not clear the Firestore emulator: ${last}`);
  }

  /**
   * Every stored call as one object: its record (callRecords/{id}) with the gate's seats
   * (`participants`, `hostSeatReserved`). Calls with only some of their documents are listed too.
   */
  async storedCalls(): Promise<Map<string, DocumentData>> {
    const [records, gates] = await Promise.all([
      this.admin.collection(CALL_RECORDS).get(),
      this.admin.collection(CALLS).get(),
    ]);
    const out = new Map<string, DocumentData>();
    for (const d of records.docs) out.set(d.id, d.data());
    for (const d of gates.docs) {
      const { participants, hostSeatReserved } = d.data();
      out.set(d.id, { ...out.get(d.id), participants, hostSeatReserved });
    }
    return out;
  }

  /** One call's three documents as stored (undefined where absent). */
  async storedLayout(id: string): Promise<{ record?: DocumentData; gate?: DocumentData; details?: DocumentData }> {
    const [record, gate, details] = await this.admin.getAll(
      this.admin.doc(`${CALL_RECORDS}/${id}`),
      this.admin.doc(`${CALLS}/${id}`),
      this.admin.doc(`${CALLS}/${id}/${CALL_PRIVATE}/${CALL_DETAILS_ID}`),
    );
    return { record: record!.data(), gate: gate!.data(), details: details!.data() };
  }

  /** Moves a call's start as a reschedule would (record and gate together), to not wait for the clock. */
  async moveStart(id: string, startsAtMs: number): Promise<void> {
    const startsAt = Timestamp.fromMillis(startsAtMs);
    const batch = this.admin.batch();
    batch.update(this.admin.doc(`${CALL_RECORDS}/${id}`), { startsAt });
    batch.update(this.admin.doc(`${CALLS}/${id}`), { startsAt });
    await batch.commit();
  }

  /** Polls a stored call (as storedCalls shows it) until `check` holds (triggers run asynchronously); bounded. */
  async waitForCall(id: string, check: (call: DocumentData) => boolean, what: string): Promise<DocumentData> {
    const read = async () => {
      const { record, gate } = await this.storedLayout(id);
      return { ...record, participants: gate?.participants, hostSeatReserved: gate?.hostSeatReserved };
    };
    const deadline = Date.now() + 15_000;
    for (let i = 0; i < 300 && Date.now() < deadline; i++) {
      const call = await read();
      if (check(call)) return call;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}; call is ${JSON.stringify(await read())}`);
  }

  /** Signs everyone out of this test (after each). */
  async closeClients(): Promise<void> {
    await Promise.all(this.apps.splice(0).map((app) => deleteApp(app)));
  }

  async close(): Promise<void> {
    await this.closeClients();
    await deleteAdminApp(this.adminApp);
  }
}

/** Asserts that a callable failed with exactly this code and message. */
export async function expectCallableError(call: Promise<unknown>, code: string, message: string): Promise<void> {
  const err = await call.then(
    (value) => {
      throw new Error(`expected ${code}, got ${JSON.stringify(value)}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FunctionsError);
  const { code: actualCode, message: actualMessage } = err as FunctionsError;
  // The web SDK appends the HTTP status to the server's message: "Sign in first. [401]".
  expect({ code: actualCode, message: actualMessage.replace(/ \[\d{3}\]$/, "") }).toEqual({ code, message });
}
