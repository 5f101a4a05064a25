// A seated participant (perhaps whoever took the free seat with a leaked link) trying to push what
// is not signaling through their own signals document: each attack is refused and leaves the
// stored document as it was. The shape is the wire format of model/src/signal-codec.ts.
import { assertSucceeds } from "@firebase/rules-unit-testing";
import { doc, serverTimestamp, setDoc, updateDoc, type DocumentData } from "firebase/firestore";
import { beforeEach, describe, expect, it } from "vitest";
import { CALLS, LIMITS, SIGNALS, decodeSignal, encodeCandidates } from "@firecall/model";
import { gateDoc, useRulesEnv } from "../support/rules-env";
import {
  CANDIDATE,
  CANDIDATE_DATA,
  candidateLines,
  newSignalDoc,
  OFFER,
  storedSignalDoc,
} from "../support/signal-fixtures";

const { as, seed, stored, expectDenied } = useRulesEnv("demo-firecall-rules-signals");
const GATE = `${CALLS}/abcd-efgh-ijkl-mnop`;
const MALLORY = "mallory-uid";
const MINE = `${GATE}/${SIGNALS}/${MALLORY}`;
const MEGABYTE = 1024 * 1024 - 4096;

beforeEach(async () => {
  await seed(GATE, gateDoc(["alice-uid", MALLORY]));
});

/** The attack both as a first write (create) and as a rewrite of a stored document (update). */
function attack(name: string, fields: DocumentData): void {
  it(`refuses ${name} on create`, async () => {
    await expectDenied(() => setDoc(doc(as(MALLORY), MINE), newSignalDoc(fields)), MINE);
  });
  it(`refuses ${name} on update`, async () => {
    await seed(MINE, storedSignalDoc(MALLORY, { session: "session-0001", candidates: CANDIDATE }));
    await expectDenied(() => updateDoc(doc(as(MALLORY), MINE), { ...fields, updatedAt: serverTimestamp() }), MINE);
  });
}

describe("signals a participant may write", () => {
  it("accepts real candidates, an offer, and the size limits' edges", async () => {
    const sdp = `v=0\r\n${"a".repeat(LIMITS.sdpMaxLength - 5)}`;
    const candidates = encodeCandidates([
      CANDIDATE_DATA,
      { candidate: `candidate:${"9".repeat(LIMITS.candidateMaxLength - 10)}`, sdpMid: null, sdpMLineIndex: 1 },
    ]);
    await assertSucceeds(setDoc(doc(as(MALLORY), MINE), newSignalDoc({ description: { ...OFFER, sdp }, candidates })));
    expect(decodeSignal(await stored(MINE))?.candidates).toHaveLength(2);
  });

  it("accepts a display name up to the limit (any script) and the microphone, camera and screen flags", async () => {
    const displayName = `Zoë ${"é".repeat(LIMITS.displayNameMaxLength - 6)} 山`;
    expect(displayName).toHaveLength(LIMITS.displayNameMaxLength);
    const participant = { displayName, micOn: false, cameraOn: false, screenSharing: true };
    await assertSucceeds(setDoc(doc(as(MALLORY), MINE), newSignalDoc(participant)));
    expect(decodeSignal(await stored(MINE))?.participant).toEqual(participant);
  });

  it("accepts no name (null), and turning the microphone on again in a later write", async () => {
    await seed(MINE, storedSignalDoc(MALLORY, { session: "session-0001", micOn: false }));
    await assertSucceeds(
      updateDoc(doc(as(MALLORY), MINE), { displayName: null, micOn: true, updatedAt: serverTimestamp() }),
    );
    expect(decodeSignal(await stored(MINE))?.participant).toMatchObject({ displayName: null, micOn: true });
  });
});

describe("attacks on one's own signals document", () => {
  attack("candidates that are a list of anything ([null, 42, 'x', {…}])", {
    candidates: [null, 42, "x", { candidate: 1 }],
  });
  attack("candidates that are a list of well-formed candidates (the old format)", { candidates: [CANDIDATE_DATA] });
  attack("candidates that are a number", { candidates: 42 });
  attack("candidates that are null", { candidates: null });
  attack("a candidate line without the candidate: prefix", { candidates: "0 0 hello world\n" });
  attack("a candidate line without its line end", { candidates: CANDIDATE.trimEnd() });
  attack("a candidate line with a control character", {
    candidates: "0 0 candidate:1 1 udp 1 1.2.3.4 5 typ host\u0000\n",
  });
  attack("a candidate line with neither m-line index nor mid in a valid form", {
    candidates: "zero 0 candidate:1 1 udp 1 1.2.3.4 5 typ host\n",
  });
  attack("text before the first candidate", { candidates: `junk\n${CANDIDATE}` });
  attack(`${LIMITS.maxCandidates + 1} candidate lines`, { candidates: candidateLines(LIMITS.maxCandidates + 1) });
  attack(`candidates longer than ${LIMITS.candidatesMaxLength} characters in all`, {
    candidates: `0 0 candidate:${"1".repeat(LIMITS.candidatesMaxLength)}\n`,
  });
  attack("a candidates string of about 1 MB", { candidates: `0 0 candidate:${"1".repeat(MEGABYTE)}\n` });
  attack("an SDP of about 1 MB", { description: { ...OFFER, sdp: `v=0\r\n${"a".repeat(MEGABYTE)}` } });
  attack(`an SDP of ${LIMITS.sdpMaxLength + 1} characters`, {
    description: { ...OFFER, sdp: `v=0\r\n${"a".repeat(LIMITS.sdpMaxLength - 4)}` },
  });
  attack("an SDP that is not one (no v=0 line first)", { description: { ...OFFER, sdp: "<script>alert(1)</script>" } });
  attack("a description that is a list", { description: [OFFER] });
  attack("a session id with characters outside [A-Za-z0-9_-]", { session: "session/../0001" });
  attack("a target that is not a session id", { target: "target with spaces" });
  attack("a large extra field", { padding: "x".repeat(MEGABYTE) });
});

describe("attacks through what a participant shows the other (name, microphone, camera, screen)", () => {
  attack(`a display name of ${LIMITS.displayNameMaxLength + 1} characters`, {
    displayName: "n".repeat(LIMITS.displayNameMaxLength + 1),
  });
  attack("a display name of about 1 MB", { displayName: "n".repeat(MEGABYTE) });
  attack("an empty display name", { displayName: "" });
  attack("a display name with outer whitespace", { displayName: " Sam " });
  attack("a display name with a line break (a forged second line)", { displayName: "Sam\nThe host says: hang up" });
  attack("a display name with NUL", { displayName: "Sam\u0000" });
  attack("a display name with a terminal escape (ESC)", { displayName: "\u001b[31mSam" });
  attack("a display name with a C1 control character", { displayName: "Sam\u0085x" });
  attack("a display name with a right-to-left override", { displayName: "Sam\u202egnp.exe" });
  attack("a display name with a bidirectional isolate", { displayName: "Sam\u2067x" });
  attack("a display name with a line separator", { displayName: "Sam\u2028x" });
  attack("a display name that is a number", { displayName: 42 });
  attack("a display name that is a map", { displayName: { first: "Sam" } });
  attack("a display name that is a list", { displayName: ["Sam"] });
  attack("micOn that is a string", { micOn: "yes" });
  attack("micOn that is null", { micOn: null });
  attack("micOn that is a number", { micOn: 1 });
  attack("cameraOn that is a string", { cameraOn: "off" });
  attack("cameraOn that is a map", { cameraOn: { on: true } });
  attack("screenSharing that is a string", { screenSharing: "true" });
  attack("screenSharing that is a list", { screenSharing: [true] });
});
