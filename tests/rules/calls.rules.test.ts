// Security rules for calls/{callId} and calls/{callId}/signals/{uid}, against the Firestore emulator.
// Every allowed operation is asserted to succeed; every attack is asserted to fail with
// permission-denied and, for writes, to leave the stored documents exactly as they were.
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import {
  arrayRemove,
  arrayUnion,
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  query,
  serverTimestamp,
  setDoc,
  Timestamp,
  updateDoc,
  where,
  type DocumentData,
  type Firestore,
} from "firebase/firestore";
import { beforeEach, describe, expect, it } from "vitest";
import { CALLS, LIMITS, SIGNALS } from "../../functions/src/shared/call-model";
import { encodeCandidates } from "../../functions/src/shared/signal-codec";
import { CREATED_AT, gateDoc, useRulesEnv } from "../support/rules-env";
import {
  ANSWER,
  CANDIDATE,
  CANDIDATE_DATA,
  candidateLines,
  EARLIER,
  newSignalDoc,
  OFFER,
  seatBatch as seatBatchAt,
  storedSignalDoc,
} from "../support/signal-fixtures";

// A project of their own: the rules are tested alone, without the Functions emulator's triggers
// (which serve demo-firecall) writing into the documents these tests seed and compare.
const { as, anon, admin, stored, expectDenied, clear } = useRulesEnv("demo-firecall-rules");
const CALL_ID = "abcd-efgh-ijkl-mnop";
const CALL_PATH = `${CALLS}/${CALL_ID}`;

// alice and bob are the two participants; carol is a signed-in stranger who knows the id.
const ALICE = "alice-uid";
const BOB = "bob-uid";
const CAROL = "carol-uid";

const LATER = Timestamp.fromMillis(1_700_000_200_000);

function signalPath(uid: string): string {
  return `${CALL_PATH}/${SIGNALS}/${uid}`;
}

async function seedCall(participants: string[], overrides: DocumentData = {}): Promise<void> {
  await admin((db) => setDoc(doc(db, CALL_PATH), gateDoc(participants, overrides)));
}

async function seedSignal(uid: string, overrides: DocumentData = {}): Promise<void> {
  await admin((db) => setDoc(doc(db, signalPath(uid)), storedSignalDoc(uid, overrides)));
}

/** A valid signals document as a client creates it. */
const newSignal = newSignalDoc;

function seatBatch(db: Firestore, uid: string, signal: DocumentData = newSignal()) {
  return seatBatchAt(db, CALL_PATH, uid, signal);
}

// ---------------------------------------------------------------------------------------------

describe("calls", () => {
  describe("reading", () => {
    it("lets a signed-in stranger who knows the id get the call", async () => {
      await seedCall([ALICE, BOB]);
      const snap = await assertSucceeds(getDoc(doc(as(CAROL), CALL_PATH)));
      expect(snap.data()).toEqual(gateDoc([ALICE, BOB]));
    });

    it("lets a participant get the call", async () => {
      await seedCall([ALICE]);
      const snap = await assertSucceeds(getDoc(doc(as(ALICE), CALL_PATH)));
      expect(snap.get("participants")).toEqual([ALICE]);
    });

    it("denies an unauthenticated get", async () => {
      await seedCall([ALICE]);
      await assertFails(getDoc(doc(anon(), CALL_PATH)));
    });

    it("denies listing calls to a signed-in user", async () => {
      await seedCall([ALICE]);
      await assertFails(getDocs(collection(as(CAROL), CALLS)));
    });

    it("denies listing calls to a participant, even filtered to their own calls", async () => {
      await seedCall([ALICE]);
      await assertFails(getDocs(query(collection(as(ALICE), CALLS), where("participants", "array-contains", ALICE))));
    });

    it("denies listing calls unauthenticated", async () => {
      await seedCall([ALICE]);
      await assertFails(getDocs(collection(anon(), CALLS)));
    });
  });

  describe("creating and deleting", () => {
    it("denies a client creating a call", async () => {
      const db = as(ALICE);
      await expectDenied(
        () => setDoc(doc(db, CALL_PATH), gateDoc([ALICE], { startsAt: serverTimestamp() })),
        CALL_PATH,
      );
    });

    it("denies a client creating a room with no seats taken", async () => {
      const db = as(CAROL);
      await expectDenied(() => setDoc(doc(db, CALL_PATH), gateDoc([], { startsAt: serverTimestamp() })), CALL_PATH);
    });

    it("denies the creator deleting the call", async () => {
      await seedCall([ALICE, BOB]);
      await expectDenied(() => deleteDoc(doc(as(ALICE), CALL_PATH)), CALL_PATH);
    });

    it("denies a stranger deleting the call", async () => {
      await seedCall([ALICE]);
      await expectDenied(() => deleteDoc(doc(as(CAROL), CALL_PATH)), CALL_PATH);
    });

    it("denies an unauthenticated client overwriting the call", async () => {
      await seedCall([ALICE]);
      await expectDenied(() => setDoc(doc(anon(), CALL_PATH), gateDoc([])), CALL_PATH);
    });
  });

  describe("taking a seat", () => {
    it("lets a signed-in user take the free second seat with arrayUnion", async () => {
      await seedCall([ALICE]);
      await assertSucceeds(updateDoc(doc(as(BOB), CALL_PATH), { participants: arrayUnion(BOB) }));
      expect(await stored(CALL_PATH)).toEqual(gateDoc([ALICE, BOB]));
    });

    it("lets the first person take a seat in an empty room", async () => {
      await seedCall([]);
      await assertSucceeds(updateDoc(doc(as(ALICE), CALL_PATH), { participants: arrayUnion(ALICE) }));
      expect((await stored(CALL_PATH))?.participants).toEqual([ALICE]);
    });

    it("lets a user take a seat and create their own signals doc in one batch (how the app joins)", async () => {
      await seedCall([ALICE]);
      await assertSucceeds(seatBatch(as(BOB), BOB).commit());
      expect((await stored(CALL_PATH))?.participants).toEqual([ALICE, BOB]);
      const signal = await stored(signalPath(BOB));
      expect(signal).toMatchObject({ session: "session-0001", description: null, candidates: "", left: false });
      expect(signal?.joinedAt).toBeInstanceOf(Timestamp);
      expect(signal?.updatedAt).toBeInstanceOf(Timestamp);
    });

    it("lets both people join an empty room one after the other", async () => {
      await seedCall([]);
      await assertSucceeds(seatBatch(as(ALICE), ALICE).commit());
      await assertSucceeds(seatBatch(as(BOB), BOB, newSignal({ session: "session-0002" })).commit());
      expect((await stored(CALL_PATH))?.participants).toEqual([ALICE, BOB]);
    });

    it("denies a third person a seat when two are seated", async () => {
      await seedCall([ALICE, BOB]);
      const db = as(CAROL);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(CAROL) }), CALL_PATH);
    });

    it("denies a third person the join batch when two are seated", async () => {
      await seedCall([ALICE, BOB]);
      const db = as(CAROL);
      await expectDenied(() => seatBatch(db, CAROL).commit(), CALL_PATH, signalPath(CAROL));
    });

    it("denies taking a seat in an ended call", async () => {
      await seedCall([ALICE], { status: "ended" });
      const db = as(BOB);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(BOB) }), CALL_PATH);
    });

    it("denies the join batch in an ended call", async () => {
      await seedCall([], { status: "ended", endReason: "ended_by_host" });
      const db = as(BOB);
      await expectDenied(() => seatBatch(db, BOB).commit(), CALL_PATH, signalPath(BOB));
    });

    it("denies taking a seat in a call that does not exist", async () => {
      const db = as(BOB);
      await expectDenied(() => seatBatch(db, BOB).commit(), CALL_PATH, signalPath(BOB));
    });

    it("denies a seated participant re-taking its seat (a rejoin writes only its signals doc)", async () => {
      await seedCall([ALICE]);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(ALICE) }), CALL_PATH);
    });

    it("denies an unauthenticated client taking a seat", async () => {
      await seedCall([ALICE]);
      await expectDenied(() => updateDoc(doc(anon(), CALL_PATH), { participants: arrayUnion(BOB) }), CALL_PATH);
    });
  });

  describe("other changes", () => {
    it("denies a participant ending the call (status)", async () => {
      await seedCall([ALICE, BOB]);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { status: "ended" }), CALL_PATH);
    });

    it("denies reopening an ended call (status)", async () => {
      await seedCall([ALICE], { status: "ended" });
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { status: "open" }), CALL_PATH);
    });

    it("denies a participant recording how the call ended (endReason)", async () => {
      await seedCall([ALICE, BOB]);
      const db = as(BOB);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { endReason: "expired" }), CALL_PATH);
    });

    it("denies a participant releasing the seat kept for the host (hostSeatReserved)", async () => {
      await seedCall([BOB], { hostSeatReserved: true });
      const db = as(BOB);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { hostSeatReserved: false }), CALL_PATH);
    });

    it("denies releasing the seat kept for the host while taking a seat", async () => {
      await seedCall([BOB], { hostSeatReserved: true });
      const db = as(CAROL);
      await expectDenied(
        () => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(CAROL), hostSeatReserved: false }),
        CALL_PATH,
      );
    });

    it("denies adding a field while taking a seat", async () => {
      await seedCall([ALICE]);
      const db = as(BOB);
      await expectDenied(
        () => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(BOB), admin: true }),
        CALL_PATH,
      );
    });

    it("denies deleting startsAt", async () => {
      await seedCall([ALICE]);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { startsAt: deleteField() }), CALL_PATH);
    });

    it("denies a participant removing the other participant", async () => {
      await seedCall([ALICE, BOB]);
      const db = as(BOB);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayRemove(ALICE) }), CALL_PATH);
    });

    it("denies a stranger replacing a participant with themselves", async () => {
      await seedCall([ALICE, BOB]);
      const db = as(CAROL);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: [ALICE, CAROL] }), CALL_PATH);
    });

    it("denies a stranger taking the seat ahead of the seated participant", async () => {
      await seedCall([ALICE]);
      const db = as(BOB);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: [BOB, ALICE] }), CALL_PATH);
    });

    it("denies a participant seating someone else", async () => {
      await seedCall([ALICE]);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(BOB) }), CALL_PATH);
    });

    it("denies a stranger seating someone else", async () => {
      await seedCall([ALICE]);
      const db = as(CAROL);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(BOB) }), CALL_PATH);
    });

    it("denies a user taking both seats of an empty room (themselves and someone else)", async () => {
      await seedCall([]);
      const db = as(CAROL);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(CAROL, BOB) }), CALL_PATH);
    });
  });
});

describe("signals", () => {
  describe("reading", () => {
    beforeEach(async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE);
      await seedSignal(BOB, { description: OFFER, candidates: CANDIDATE });
    });

    it("lets a participant get both signals docs", async () => {
      const db = as(ALICE);
      const own = await assertSucceeds(getDoc(doc(db, signalPath(ALICE))));
      const other = await assertSucceeds(getDoc(doc(db, signalPath(BOB))));
      expect(own.get("session")).toBe(`session-${ALICE}`);
      expect(other.get("description")).toEqual(OFFER);
      expect(other.get("candidates")).toEqual(CANDIDATE);
    });

    it("lets a participant list the signals subcollection", async () => {
      const snap = await assertSucceeds(getDocs(collection(as(BOB), CALL_PATH, SIGNALS)));
      expect(snap.docs.map((d) => d.id).sort()).toEqual([ALICE, BOB].sort());
    });

    it("denies a signed-in stranger getting either signals doc", async () => {
      const db = as(CAROL);
      await assertFails(getDoc(doc(db, signalPath(ALICE))));
      await assertFails(getDoc(doc(db, signalPath(BOB))));
    });

    it("denies a signed-in stranger listing the signals subcollection", async () => {
      await assertFails(getDocs(collection(as(CAROL), CALL_PATH, SIGNALS)));
    });

    it("denies unauthenticated reads and lists", async () => {
      const db = anon();
      await assertFails(getDoc(doc(db, signalPath(ALICE))));
      await assertFails(getDocs(collection(db, CALL_PATH, SIGNALS)));
    });

    it("denies a stranger reading the signals of a call they are not in once it is ended", async () => {
      await seedCall([ALICE, BOB], { status: "ended" });
      await assertFails(getDoc(doc(as(CAROL), signalPath(ALICE))));
    });
  });

  describe("writing one's own", () => {
    it("lets a seated participant create their signals doc with server timestamps", async () => {
      await seedCall([ALICE]);
      await assertSucceeds(setDoc(doc(as(ALICE), signalPath(ALICE)), newSignal()));
      const signal = await stored(signalPath(ALICE));
      expect(signal).toMatchObject({ session: "session-0001", target: null, description: null, left: false });
      expect(signal?.joinedAt).toBeInstanceOf(Timestamp);
      expect(signal?.updatedAt).toBeInstanceOf(Timestamp);
    });

    it("lets a participant create with an offer, a target and candidates", async () => {
      await seedCall([ALICE, BOB]);
      const data = newSignal({ target: `session-${BOB}`, description: ANSWER, candidates: CANDIDATE });
      await assertSucceeds(setDoc(doc(as(ALICE), signalPath(ALICE)), data));
      expect(await stored(signalPath(ALICE))).toMatchObject({ description: ANSWER, candidates: CANDIDATE });
    });

    it("lets a participant update description and candidates within a session (joinedAt kept)", async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE);
      const db = as(ALICE);
      await assertSucceeds(
        updateDoc(doc(db, signalPath(ALICE)), {
          description: OFFER,
          candidates: encodeCandidates([CANDIDATE_DATA, { ...CANDIDATE_DATA, sdpMid: null }]),
          updatedAt: serverTimestamp(),
        }),
      );
      const signal = await stored(signalPath(ALICE));
      expect(signal?.description).toEqual(OFFER);
      expect(signal?.candidates).toBe(`${CANDIDATE}0  ${CANDIDATE_DATA.candidate}\n`);
      expect(signal?.joinedAt).toEqual(EARLIER);
      expect((signal?.updatedAt as Timestamp).toMillis()).toBeGreaterThan(EARLIER.toMillis());
    });

    it("lets a participant rewrite the whole doc within a session, repeating joinedAt", async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE);
      await assertSucceeds(
        setDoc(
          doc(as(ALICE), signalPath(ALICE)),
          newSignal({ session: `session-${ALICE}`, joinedAt: EARLIER, left: true }),
        ),
      );
      expect(await stored(signalPath(ALICE))).toMatchObject({ left: true, joinedAt: EARLIER });
    });

    it("lets a participant start a new session (reload) with a new server join time", async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE);
      await assertSucceeds(setDoc(doc(as(ALICE), signalPath(ALICE)), newSignal({ session: "session-reloaded" })));
      const signal = await stored(signalPath(ALICE));
      expect(signal?.session).toBe("session-reloaded");
      expect((signal?.joinedAt as Timestamp).toMillis()).toBeGreaterThan(EARLIER.toMillis());
    });

    it("denies a new session that keeps the old joinedAt", async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(
        () => setDoc(doc(db, signalPath(ALICE)), newSignal({ session: "session-reloaded", joinedAt: EARLIER })),
        signalPath(ALICE),
      );
    });

    it("denies a participant writing after the call ended", async () => {
      await seedCall([ALICE, BOB], { status: "ended" });
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(
        () => updateDoc(doc(db, signalPath(ALICE)), { left: true, updatedAt: serverTimestamp() }),
        signalPath(ALICE),
      );
    });

    it("denies a participant deleting their own signals doc", async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(() => deleteDoc(doc(db, signalPath(ALICE))), signalPath(ALICE));
    });
  });

  describe("attacks", () => {
    beforeEach(async () => {
      await seedCall([ALICE, BOB]);
      await seedSignal(ALICE, { description: OFFER, candidates: CANDIDATE });
      await seedSignal(BOB, { target: `session-${ALICE}`, description: ANSWER, candidates: CANDIDATE });
    });

    it("denies a participant replacing the other's description with an offer", async () => {
      const db = as(ALICE);
      await expectDenied(
        () => updateDoc(doc(db, signalPath(BOB)), { description: { ...OFFER, seq: 9 }, updatedAt: serverTimestamp() }),
        signalPath(BOB),
      );
    });

    it("denies a participant replacing the other's description with an answer", async () => {
      const db = as(BOB);
      await expectDenied(
        () =>
          updateDoc(doc(db, signalPath(ALICE)), { description: { ...ANSWER, seq: 9 }, updatedAt: serverTimestamp() }),
        signalPath(ALICE),
      );
    });

    it("denies a participant overwriting the other's candidates", async () => {
      const db = as(ALICE);
      const evil = encodeCandidates([
        { candidate: "candidate:9 1 udp 1 6.6.6.6 666 typ host", sdpMid: "0", sdpMLineIndex: 0 },
      ]);
      await expectDenied(
        () => updateDoc(doc(db, signalPath(BOB)), { candidates: evil, updatedAt: serverTimestamp() }),
        signalPath(BOB),
      );
    });

    it("denies a participant replacing the other's whole doc with a valid-looking one", async () => {
      const db = as(ALICE);
      await expectDenied(
        () => setDoc(doc(db, signalPath(BOB)), newSignal({ session: "session-forged" })),
        signalPath(BOB),
      );
    });

    it("denies a participant marking the other as left", async () => {
      const db = as(BOB);
      await expectDenied(
        () => updateDoc(doc(db, signalPath(ALICE)), { left: true, updatedAt: serverTimestamp() }),
        signalPath(ALICE),
      );
    });

    it("denies a participant deleting the other's signals doc", async () => {
      const db = as(ALICE);
      await expectDenied(() => deleteDoc(doc(db, signalPath(BOB))), signalPath(BOB));
    });

    it("denies a participant creating a signals doc for someone not yet there", async () => {
      await seedCall([ALICE]);
      await admin((db) => deleteDoc(doc(db, signalPath(BOB))));
      const db = as(ALICE);
      await expectDenied(() => setDoc(doc(db, signalPath(BOB)), newSignal()), signalPath(BOB));
    });

    it("denies a non-participant creating a signals doc under their own uid", async () => {
      const db = as(CAROL);
      await expectDenied(() => setDoc(doc(db, signalPath(CAROL)), newSignal()), signalPath(CAROL));
    });

    it("denies a non-participant creating their signals doc in a call with a free seat without taking it", async () => {
      await seedCall([ALICE]);
      const db = as(CAROL);
      await expectDenied(() => setDoc(doc(db, signalPath(CAROL)), newSignal()), signalPath(CAROL));
    });

    it("denies a stranger writing a participant's signals doc", async () => {
      const db = as(CAROL);
      await expectDenied(
        () => updateDoc(doc(db, signalPath(ALICE)), { description: OFFER, updatedAt: serverTimestamp() }),
        signalPath(ALICE),
      );
    });

    it("denies signals under a call that does not exist", async () => {
      const db = as(ALICE);
      const path = `${CALLS}/zzzz-zzzz-zzzz-zzzz/${SIGNALS}/${ALICE}`;
      await expectDenied(() => setDoc(doc(db, path), newSignal()), path);
    });

    it("denies unauthenticated writes", async () => {
      await expectDenied(
        () => updateDoc(doc(anon(), signalPath(ALICE)), { left: true, updatedAt: serverTimestamp() }),
        signalPath(ALICE),
      );
    });
  });

  // Each malformed document is created by a seated participant whose valid document would be
  // accepted (checked by the first test), so only the named field causes the denial.
  describe("malformed fields", () => {
    const MINE = signalPath(ALICE);

    beforeEach(async () => {
      await seedCall([ALICE, BOB]);
    });

    async function expectCreateDenied(data: DocumentData): Promise<void> {
      const db = as(ALICE);
      await expectDenied(() => setDoc(doc(db, MINE), data), MINE);
    }

    function without(key: string): DocumentData {
      const data = newSignal();
      delete data[key];
      return data;
    }

    it("accepts the baseline document and the limits' edges", async () => {
      await assertSucceeds(
        setDoc(
          doc(as(ALICE), MINE),
          newSignal({
            session: "s".repeat(LIMITS.sessionMaxLength),
            target: "t".repeat(LIMITS.sessionMinLength),
            description: { type: "offer", sdp: `v=0\r\n${"x".repeat(LIMITS.sdpMaxLength - 5)}`, seq: 0 },
            candidates: candidateLines(LIMITS.maxCandidates),
          }),
        ),
      );
      expect((await stored(MINE))?.candidates).toBe(candidateLines(LIMITS.maxCandidates));
    });

    for (const key of ["session", "joinedAt", "target", "description", "candidates", "left", "updatedAt"]) {
      it(`denies a document missing ${key}`, async () => {
        await expectCreateDenied(without(key));
      });
    }

    it("denies an extra key", async () => {
      await expectCreateDenied(newSignal({ isAdmin: true }));
    });

    it("denies a session that is too short", async () => {
      await expectCreateDenied(newSignal({ session: "s".repeat(LIMITS.sessionMinLength - 1) }));
    });

    it("denies a session that is too long", async () => {
      await expectCreateDenied(newSignal({ session: "s".repeat(LIMITS.sessionMaxLength + 1) }));
    });

    it("denies a session that is not a string", async () => {
      await expectCreateDenied(newSignal({ session: 1234567890 }));
    });

    it("denies a session that is a list of a valid size", async () => {
      await expectCreateDenied(newSignal({ session: Array.from({ length: LIMITS.sessionMinLength }, () => "s") }));
    });

    it("denies a target that is too short", async () => {
      await expectCreateDenied(newSignal({ target: "short" }));
    });

    it("denies a target that is not a string", async () => {
      await expectCreateDenied(newSignal({ target: 12345678 }));
    });

    it("denies description.type 'pranswer'", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, type: "pranswer" } }));
    });

    it("denies description.type 'rollback'", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, type: "rollback" } }));
    });

    it("denies a description that is not a map", async () => {
      await expectCreateDenied(newSignal({ description: "v=0" }));
    });

    it("denies a description with an extra key", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, extra: 1 } }));
    });

    it("denies a description missing seq", async () => {
      await expectCreateDenied(newSignal({ description: { type: "offer", sdp: OFFER.sdp } }));
    });

    it("denies an sdp that is not a string", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, sdp: 42 } }));
    });

    it("denies an empty sdp", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, sdp: "" } }));
    });

    it(`denies an sdp longer than ${LIMITS.sdpMaxLength} characters`, async () => {
      await expectCreateDenied(
        newSignal({ description: { ...OFFER, sdp: `v=0\r\n${"x".repeat(LIMITS.sdpMaxLength - 4)}` } }),
      );
    });

    it("denies a negative seq", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, seq: -1 } }));
    });

    it("denies a non-integer seq", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, seq: 1.5 } }));
    });

    it("denies a seq that is a string", async () => {
      await expectCreateDenied(newSignal({ description: { ...OFFER, seq: "1" } }));
    });

    it("denies candidates that are not a string", async () => {
      await expectCreateDenied(newSignal({ candidates: { 0: CANDIDATE } }));
    });

    it(`denies more than ${LIMITS.maxCandidates} candidates`, async () => {
      await expectCreateDenied(newSignal({ candidates: candidateLines(LIMITS.maxCandidates + 1) }));
    });

    it("denies left that is not a bool (string)", async () => {
      await expectCreateDenied(newSignal({ left: "false" }));
    });

    it("denies left that is not a bool (null)", async () => {
      await expectCreateDenied(newSignal({ left: null }));
    });

    it("denies an updatedAt that is not server time", async () => {
      await expectCreateDenied(newSignal({ updatedAt: LATER }));
    });

    it("denies a null updatedAt", async () => {
      await expectCreateDenied(newSignal({ updatedAt: null }));
    });

    it("denies a joinedAt that is not server time on create", async () => {
      await expectCreateDenied(newSignal({ joinedAt: LATER }));
    });

    it("denies a null joinedAt on create", async () => {
      await expectCreateDenied(newSignal({ joinedAt: null }));
    });

    it("denies an update whose updatedAt is not server time", async () => {
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, MINE), { left: true, updatedAt: LATER }), MINE);
    });

    it("denies an update that does not touch updatedAt", async () => {
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, MINE), { left: true }), MINE);
    });

    it("denies an update that moves joinedAt to server time while the session is unchanged", async () => {
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(
        () => updateDoc(doc(db, MINE), { joinedAt: serverTimestamp(), updatedAt: serverTimestamp() }),
        MINE,
      );
    });

    it("denies an update that backdates joinedAt while the session is unchanged", async () => {
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, MINE), { joinedAt: CREATED_AT, updatedAt: serverTimestamp() }), MINE);
    });

    it("denies an update with a malformed description", async () => {
      await seedSignal(ALICE);
      const db = as(ALICE);
      await expectDenied(
        () => updateDoc(doc(db, MINE), { description: { ...OFFER, seq: -5 }, updatedAt: serverTimestamp() }),
        MINE,
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Time and lifecycle: the rules decide by request.time (the server's clock), never the device's.

describe("scheduled and finished calls", () => {
  const FAR_FUTURE = Timestamp.fromMillis(Date.now() + 3_600_000);
  const PAST = Timestamp.fromMillis(Date.now() - 60_000);

  it("lets a signed-in stranger read a scheduled call (the lobby shows its start)", async () => {
    await seedCall([ALICE], { status: "scheduled", startsAt: FAR_FUTURE });
    const snap = await assertSucceeds(getDoc(doc(as(BOB), CALL_PATH)));
    expect(snap.get("startsAt")).toEqual(FAR_FUTURE);
  });

  it("denies a seat in a scheduled call before its start", async () => {
    await seedCall([ALICE], { status: "scheduled", startsAt: FAR_FUTURE });
    const db = as(BOB);
    await expectDenied(() => updateDoc(doc(db, CALL_PATH), { participants: arrayUnion(BOB) }), CALL_PATH);
  });

  it("denies the seated creator's signaling in a scheduled call before its start", async () => {
    await seedCall([ALICE], { status: "scheduled", startsAt: FAR_FUTURE });
    const db = as(ALICE);
    await expectDenied(() => setDoc(doc(db, signalPath(ALICE)), newSignal()), signalPath(ALICE));
  });

  it("lets people in once the start has come, before the sweep marks the call open", async () => {
    await seedCall([ALICE], { status: "scheduled", startsAt: PAST });
    await assertSucceeds(seatBatch(as(BOB), BOB).commit());
    await assertSucceeds(setDoc(doc(as(ALICE), signalPath(ALICE)), newSignal({ session: "session-0002" })));
    expect((await stored(CALL_PATH))?.participants).toEqual([ALICE, BOB]);
  });

  it("denies a join one second before the start and allows the same join at the start", async () => {
    const db = as(BOB);
    let startsAt = 0;
    // The answer must come back before the start for the try to prove anything (request.time is
    // earlier than the answer). On a very busy machine a write can take longer than that second;
    // such a try is repeated with a fresh start, a bounded number of times.
    for (let attempt = 0; ; attempt++) {
      startsAt = Date.now() + 1000;
      await seedCall([ALICE], { status: "scheduled", startsAt: Timestamp.fromMillis(startsAt) });
      const denied = await seatBatch(db, BOB)
        .commit()
        .then(
          () => false,
          () => true,
        );
      if (Date.now() < startsAt) {
        expect(denied).toBe(true);
        break;
      }
      expect(attempt, "every try took longer than a second").toBeLessThan(4);
      await clear();
    }
    expect((await stored(CALL_PATH))?.participants).toEqual([ALICE]);
    expect(await stored(signalPath(BOB))).toBeUndefined();
    // A bounded wait on the clock itself (the rules compare request.time with startsAt).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startsAt - Date.now() + 20)));
    await assertSucceeds(seatBatch(db, BOB).commit());
    expect((await stored(CALL_PATH))?.participants).toEqual([ALICE, BOB]);
  });

  for (const status of ["expired", "cancelled"] as const) {
    it(`denies a seat in a ${status} call`, async () => {
      await seedCall([ALICE], { status, startsAt: PAST });
      const db = as(BOB);
      await expectDenied(() => seatBatch(db, BOB).commit(), CALL_PATH, signalPath(BOB));
    });

    it(`denies a participant's signaling in a ${status} call`, async () => {
      await seedCall([ALICE, BOB], { status, startsAt: PAST });
      await seedSignal(BOB);
      const db = as(BOB);
      await expectDenied(
        () => updateDoc(doc(db, signalPath(BOB)), { left: false, updatedAt: serverTimestamp() }),
        signalPath(BOB),
      );
    });
  }

  const lifecycleFields: [string, DocumentData][] = [
    ["moving its start earlier (startsAt)", { startsAt: PAST }],
    ["opening it early (status)", { status: "open" }],
    ["postponing its expiry (expiresAt)", { expiresAt: FAR_FUTURE }],
    ["changing its grace period (emptyTimeoutSeconds)", { emptyTimeoutSeconds: 86_400 }],
    ["recording an end reason (endReason)", { endReason: "ended_by_host" }],
  ];
  for (const [attack, change] of lifecycleFields) {
    it(`denies a participant ${attack}`, async () => {
      await seedCall([ALICE], {
        status: "scheduled",
        startsAt: FAR_FUTURE,
        expiresAt: FAR_FUTURE,
        emptyTimeoutSeconds: 300,
      });
      const db = as(ALICE);
      await expectDenied(() => updateDoc(doc(db, CALL_PATH), change), CALL_PATH);
    });
  }

  it("lets a participant send the heartbeat (only updatedAt changes)", async () => {
    await seedCall([ALICE, BOB]);
    await seedSignal(ALICE);
    await assertSucceeds(updateDoc(doc(as(ALICE), signalPath(ALICE)), { updatedAt: serverTimestamp() }));
    expect(((await stored(signalPath(ALICE)))?.updatedAt as Timestamp).toMillis()).toBeGreaterThan(EARLIER.toMillis());
  });

  it("denies a tab's leave once another tab of the same person has taken the seat (pagehide REST write)", async () => {
    await seedCall([ALICE, BOB]);
    await seedSignal(ALICE, { session: "session-newer-tab" });
    const db = as(ALICE);
    await expectDenied(
      () =>
        updateDoc(doc(db, signalPath(ALICE)), {
          session: "session-older-tab",
          left: true,
          updatedAt: serverTimestamp(),
        }),
      signalPath(ALICE),
    );
  });

  it("lets a tab's leave through while its session holds the seat", async () => {
    await seedCall([ALICE, BOB]);
    await seedSignal(ALICE, { session: "session-this-tab" });
    await assertSucceeds(
      updateDoc(doc(as(ALICE), signalPath(ALICE)), {
        session: "session-this-tab",
        left: true,
        target: null,
        description: null,
        candidates: "",
        updatedAt: serverTimestamp(),
      }),
    );
    expect((await stored(signalPath(ALICE)))?.left).toBe(true);
  });

  it("denies a heartbeat that claims a time of its own", async () => {
    await seedCall([ALICE, BOB]);
    await seedSignal(ALICE);
    const db = as(ALICE);
    await expectDenied(() => updateDoc(doc(db, signalPath(ALICE)), { updatedAt: FAR_FUTURE }), signalPath(ALICE));
  });
});
