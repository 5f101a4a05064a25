// The rule that keeps a goodbye: a signals document whose session left stays left for that
// session. A write of the same page still in flight when it closed (or a page the sweep counted
// gone) cannot say `left: false` again; coming back is a new session. Against the Firestore emulator.
import { readFileSync } from "node:fs";
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { doc, getDoc, serverTimestamp, setDoc, Timestamp, updateDoc, type Firestore } from "firebase/firestore";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CALLS, SIGNALS } from "../../functions/src/shared/call-model";
import { newSignalDoc } from "../support/signal-fixtures";

const PROJECT_ID = "demo-firecall-rules-leave";
const CALL = `${CALLS}/abcd-efgh-ijkl-mnop`;
const BOB = "bob-uid";
const BOB_SIGNAL = `${CALL}/${SIGNALS}/${BOB}`;
const EARLIER = Timestamp.fromMillis(1_700_000_100_000);
const OFFER = { type: "offer", sdp: "v=0\r\n", seq: 3 };

const [HOST = "127.0.0.1", PORT = "8080"] = (process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080").split(":");
let env: RulesTestEnvironment;

beforeAll(async () => {
  env = await initializeTestEnvironment({
    projectId: PROJECT_ID,
    firestore: { rules: readFileSync("firestore.rules", "utf8"), host: HOST, port: Number(PORT) },
  });
});
afterAll(() => env.cleanup());

/** An open call with alice and bob seated; bob's session "bob-session-1" has `left` as given. */
async function seed(left: boolean): Promise<void> {
  await env.withSecurityRulesDisabled(async (ctx) => {
    const db = ctx.firestore() as unknown as Firestore;
    await setDoc(doc(db, CALL), {
      kind: "call",
      status: "open",
      createdBy: "alice-uid",
      participants: ["alice-uid", BOB],
    });
    await setDoc(doc(db, BOB_SIGNAL), {
      session: "bob-session-1",
      joinedAt: EARLIER,
      target: null,
      description: left ? null : OFFER,
      candidates: "",
      left,
      updatedAt: EARLIER,
    });
  });
}

async function storedLeft(): Promise<unknown> {
  let left: unknown;
  await env.withSecurityRulesDisabled(async (ctx) => {
    left = (await getDoc(doc(ctx.firestore() as unknown as Firestore, BOB_SIGNAL))).get("left");
  });
  return left;
}

const bob = () => env.authenticatedContext(BOB).firestore() as unknown as Firestore;

describe("calls/{callId}/signals/{uid}: a session that left stays left", () => {
  beforeEach(() => env.clearFirestore());

  it("allows the leave itself", async () => {
    await seed(false);
    await assertSucceeds(
      updateDoc(doc(bob(), BOB_SIGNAL), {
        left: true,
        target: null,
        description: null,
        candidates: "",
        updatedAt: serverTimestamp(),
      }),
    );
    expect(await storedLeft()).toBe(true);
  });

  it("allows a heartbeat of a page counted gone (it stays left) and its return as a new session", async () => {
    await seed(true);
    await assertSucceeds(updateDoc(doc(bob(), BOB_SIGNAL), { updatedAt: serverTimestamp() }));
    expect(await storedLeft()).toBe(true);
    await assertSucceeds(setDoc(doc(bob(), BOB_SIGNAL), newSignalDoc({ session: "bob-session-2" })));
    expect(await storedLeft()).toBe(false);
  });

  it("denies the same session saying left: false again (a write that was in flight when the page closed)", async () => {
    await seed(true);
    await assertFails(
      updateDoc(doc(bob(), BOB_SIGNAL), { description: OFFER, left: false, updatedAt: serverTimestamp() }),
    );
    expect(await storedLeft()).toBe(true);
  });
});
