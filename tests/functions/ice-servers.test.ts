// The getIceServers callable through the Functions emulator, with the web SDK the app uses.
// scripts/with-emulators.mjs started a coturn and wired its secret into the emulated functions;
// FIRECALL_TURN_SECRET tells this test that secret (unset when coturn is not installed).
import { createHmac } from "node:crypto";
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously } from "firebase/auth";
import { connectFunctionsEmulator, FunctionsError, getFunctions, httpsCallable } from "firebase/functions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const PROJECT_ID = "demo-firecall";
const AUTH = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? "127.0.0.1:9099";
const FUNCTIONS_PORT = Number(/functions:(\d+)/.exec(process.env.VITE_EMULATOR_PORTS ?? "")?.[1] ?? 5001);
const TURN_SECRET = process.env.FIRECALL_TURN_SECRET;

interface IceServersResult {
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  expiresAt: number | null;
}

const apps: FirebaseApp[] = [];

async function client(signedIn = true) {
  const app = initializeApp({ projectId: PROJECT_ID, apiKey: "demo-key" }, `ice-test-${apps.length}`);
  apps.push(app);
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${AUTH}`, { disableWarnings: true });
  const fns = getFunctions(app);
  connectFunctionsEmulator(fns, "127.0.0.1", FUNCTIONS_PORT);
  const uid = signedIn ? (await signInAnonymously(auth)).user.uid : null;
  return {
    uid,
    createCall: async () => (await httpsCallable<void, { id: string }>(fns, "createCall")()).data.id,
    iceServers: async (data: unknown) =>
      (await httpsCallable<unknown, IceServersResult>(fns, "getIceServers")(data)).data,
  };
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FunctionsError);
    return (err as FunctionsError).code;
  }
  throw new Error("expected the call to fail");
}

describe("getIceServers", () => {
  let alice: Awaited<ReturnType<typeof client>>;
  let callId: string;

  beforeAll(async () => {
    alice = await client();
    callId = await alice.createCall();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => deleteApp(app)));
  });

  it("gives a participant STUN and a TURN credential that expires in hours, signed with coturn's secret", async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await alice.iceServers({ callId });
    if (!TURN_SECRET) {
      // No coturn on this machine: the app must still work, with STUN only.
      expect(result.expiresAt).toBeNull();
      expect(result.iceServers.every((s) => s.username === undefined)).toBe(true);
      return;
    }
    const turn = result.iceServers.find((s) => s.urls.some((u) => u.startsWith("turn:")));
    expect(turn, JSON.stringify(result)).toBeDefined();
    expect(result.iceServers.some((s) => s.urls.some((u) => u.startsWith("stun:")))).toBe(true);
    const [expiry, uid] = turn!.username!.split(":");
    expect(uid).toBe(alice.uid);
    expect(Number(expiry)).toBe(result.expiresAt);
    // The default lifetime: four hours, long enough for a long call.
    expect(Number(expiry) - before).toBeGreaterThanOrEqual(4 * 3600 - 5);
    expect(Number(expiry) - before).toBeLessThanOrEqual(4 * 3600 + 5);
    expect(turn!.credential).toBe(createHmac("sha1", TURN_SECRET).update(turn!.username!).digest("base64"));
  });

  it("refuses someone without a seat in the call, and a call that does not exist, alike", async () => {
    const mallory = await client();
    expect(await errorCode(mallory.iceServers({ callId }))).toBe("functions/permission-denied");
    expect(await errorCode(mallory.iceServers({ callId: "zzzz-zzzz-zzzz-zzzz" }))).toBe("functions/permission-denied");
  });

  it("refuses a signed-out caller and a malformed call id", async () => {
    const anonymous = await client(false);
    expect(await errorCode(anonymous.iceServers({ callId }))).toBe("functions/unauthenticated");
    expect(await errorCode(alice.iceServers({ callId: "not a call" }))).toBe("functions/invalid-argument");
    expect(await errorCode(alice.iceServers(null))).toBe("functions/invalid-argument");
  });
});
