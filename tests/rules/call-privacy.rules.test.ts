// Who may read what of a call, and the seat kept for the host link, against the Firestore emulator.
// A call is three documents (functions/src/shared/call-model.ts): the server-only record, the gate
// anyone signed in with the id may get, and the details only its participants may get.
import { assertSucceeds } from "@firebase/rules-unit-testing";
import { arrayUnion, collection, deleteDoc, doc, getDoc, getDocs, setDoc, updateDoc } from "firebase/firestore";
import { describe, expect, it } from "vitest";
import { CALL_DETAILS_ID, CALL_PRIVATE, CALL_RECORDS, CALLS, SIGNALS } from "../../functions/src/shared/call-model";
import { gateDoc, useRulesEnv } from "../support/rules-env";
import { newSignalDoc, seatBatch } from "../support/signal-fixtures";

const { as, anon, seed, stored, expectDenied } = useRulesEnv("demo-firecall-rules-privacy");
const CALL_ID = "abcd-efgh-ijkl-mnop";
const GATE = `${CALLS}/${CALL_ID}`;
const DETAILS = `${GATE}/${CALL_PRIVATE}/${CALL_DETAILS_ID}`;
const RECORD = `${CALL_RECORDS}/${CALL_ID}`;

// host holds the host link's seat, guest the other; mallory is signed in and knows the id.
const HOST = "host-uid";
const GUEST = "guest-uid";
const SECOND_GUEST = "second-guest-uid";
const MALLORY = "mallory-uid";

const DETAILS_DOC = { title: "Consultation", hostUid: HOST, hostName: "Dr. Rivera", guestName: "Sam" };
const RECORD_DOC = { appId: "clinic", hostKeyHash: "ab".repeat(32), metadata: { patient: "4711" }, status: "open" };

async function seedApiCall(participants: string[], hostSeatReserved: boolean): Promise<void> {
  await seed(GATE, gateDoc(participants, { hostSeatReserved }));
  await seed(DETAILS, DETAILS_DOC);
  await seed(RECORD, RECORD_DOC);
}

describe("the gate (calls/{id})", () => {
  it("shows a stranger only what it takes to take a seat: no names, title, app or metadata", async () => {
    await seedApiCall([GUEST], true);
    const snap = await assertSucceeds(getDoc(doc(as(MALLORY), GATE)));
    expect(Object.keys(snap.data() ?? {}).sort()).toEqual([
      "endReason",
      "hostSeatReserved",
      "participants",
      "startsAt",
      "status",
    ]);
  });
});

describe("the details (calls/{id}/private/details)", () => {
  it("lets each participant get them", async () => {
    await seedApiCall([GUEST, HOST], false);
    for (const uid of [GUEST, HOST]) {
      const snap = await assertSucceeds(getDoc(doc(as(uid), DETAILS)));
      expect(snap.data()).toEqual(DETAILS_DOC);
    }
  });

  it("denies a signed-in stranger who knows the id, and someone signed out", async () => {
    await seedApiCall([GUEST], true);
    await expectDenied(() => getDoc(doc(as(MALLORY), DETAILS)), DETAILS);
    await expectDenied(() => getDoc(doc(anon(), DETAILS)), DETAILS);
  });

  it("denies a stranger listing the private collection", async () => {
    await seedApiCall([GUEST], true);
    await expectDenied(() => getDocs(collection(as(MALLORY), GATE, CALL_PRIVATE)), DETAILS);
  });

  it("denies a person whose seat was given away (the host link opened on another device)", async () => {
    await seedApiCall([GUEST, "new-host-uid"], false);
    await expectDenied(() => getDoc(doc(as(HOST), DETAILS)), DETAILS);
  });

  it("denies participants writing them: a new title, someone else as host, deleting them", async () => {
    await seedApiCall([GUEST, HOST], false);
    const guest = as(GUEST);
    await expectDenied(() => updateDoc(doc(guest, DETAILS), { title: "Hacked" }), DETAILS);
    await expectDenied(() => updateDoc(doc(guest, DETAILS), { hostUid: GUEST }), DETAILS);
    await expectDenied(() => setDoc(doc(as(HOST), DETAILS), { ...DETAILS_DOC, guestName: "x" }), DETAILS);
    await expectDenied(() => deleteDoc(doc(guest, DETAILS)), DETAILS);
  });

  it("denies a participant creating other documents under private", async () => {
    await seedApiCall([GUEST, HOST], false);
    const path = `${GATE}/${CALL_PRIVATE}/mine`;
    await expectDenied(() => setDoc(doc(as(GUEST), path), { note: "x" }), path);
  });
});

describe("the record (callRecords/{id})", () => {
  it("is out of reach of participants too: no metadata, host key hash or app id reaches a browser", async () => {
    await seedApiCall([GUEST, HOST], false);
    for (const uid of [GUEST, HOST, MALLORY]) {
      await expectDenied(() => getDoc(doc(as(uid), RECORD)), RECORD);
      await expectDenied(() => updateDoc(doc(as(uid), RECORD), { status: "ended" }), RECORD);
    }
    await expectDenied(() => getDocs(collection(as(HOST), CALL_RECORDS)), RECORD);
  });
});

describe("the seat kept for the host link", () => {
  it("lets the first guest take the guest seat", async () => {
    await seedApiCall([], true);
    await assertSucceeds(seatBatch(as(GUEST), GATE, GUEST).commit());
    expect(await stored(GATE)).toEqual(gateDoc([GUEST], { hostSeatReserved: true }));
  });

  it("denies a second guest the host's seat, in either way the app could try", async () => {
    await seedApiCall([GUEST], true);
    const second = as(SECOND_GUEST);
    const signals = `${GATE}/${SIGNALS}/${SECOND_GUEST}`;
    await expectDenied(() => updateDoc(doc(second, GATE), { participants: arrayUnion(SECOND_GUEST) }), GATE);
    await expectDenied(() => seatBatch(second, GATE, SECOND_GUEST).commit(), GATE, signals);
    await expectDenied(() => setDoc(doc(second, signals), newSignalDoc()), signals);
  });

  it("lets a guest join the host who claimed the link (the reservation is gone)", async () => {
    await seedApiCall([HOST], false);
    await assertSucceeds(seatBatch(as(GUEST), GATE, GUEST).commit());
    expect((await stored(GATE))?.participants).toEqual([HOST, GUEST]);
  });

  it("denies a second guest once host and guest are seated", async () => {
    await seedApiCall([HOST, GUEST], false);
    await expectDenied(() => seatBatch(as(SECOND_GUEST), GATE, SECOND_GUEST).commit(), GATE);
  });
});
