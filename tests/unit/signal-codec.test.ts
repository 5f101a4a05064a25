import { describe, expect, it } from "vitest";
import {
  DEFAULT_PARTICIPANT_STATE,
  LIMITS,
  type IceCandidateData,
  decodeCandidates,
  decodeParticipant,
  encodeParticipant,
  decodeSignal,
  encodeCandidates,
  encodeSignal,
  SIGNAL_PATTERNS,
} from "@firecall/model";

const at = (ms: number) => ({ toMillis: () => ms });
const cand = (n: number, mid: string | null = "0", index: number | null = 0): IceCandidateData => ({
  candidate: `candidate:${n} 1 udp 2122260223 192.0.2.${n} ${50000 + n} typ host generation 0`,
  sdpMid: mid,
  sdpMLineIndex: index,
});
const SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n";

function stored(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session: "remote-session-1",
    joinedAt: at(1000),
    target: null,
    description: { type: "offer", sdp: SDP, seq: 0 },
    candidates: encodeCandidates([cand(1), cand(2)]),
    left: false,
    updatedAt: at(1000),
    ...patch,
  };
}

/** What the rules accept for the candidates string (their `matches()` is a whole-string match). */
const rulesAccept = (text: string) =>
  text.length <= LIMITS.candidatesMaxLength && new RegExp(`^${SIGNAL_PATTERNS.candidates}$`).test(text);

describe("encodeCandidates / decodeCandidates", () => {
  it("round-trips candidates with a mid, an m-line index, or both", () => {
    const list = [cand(1), cand(2, null, 1), cand(3, "audio", null)];
    const text = encodeCandidates(list);
    expect(text).toBe(`0 0 ${cand(1).candidate}\n1  ${cand(2).candidate}\n audio ${cand(3).candidate}\n`);
    expect(decodeCandidates(text)).toEqual(list);
    expect(rulesAccept(text)).toBe(true);
  });

  it("encodes nothing as the empty string, which the rules accept", () => {
    expect(encodeCandidates([])).toBe("");
    expect(rulesAccept("")).toBe(true);
    expect(decodeCandidates("")).toEqual([]);
  });

  it("leaves out what it could not send: no mid and no index, line breaks, non-ASCII, over-long", () => {
    const list = [
      cand(1, null, null),
      { ...cand(2), candidate: "candidate:2 1 udp 1 1.2.3.4 5 typ host\n0 0 candidate:forged" },
      { ...cand(3), candidate: "candidate:3 1 udp 1 ünïcode 5 typ host" },
      { ...cand(4), candidate: `candidate:${"4".repeat(LIMITS.candidateMaxLength)}` },
      { ...cand(5), sdpMid: "has space" },
      { ...cand(6), sdpMLineIndex: 100 },
      { ...cand(7), candidate: "not-a-candidate" },
      cand(8),
    ];
    expect(decodeCandidates(encodeCandidates(list))).toEqual([cand(8)]);
  });

  it("treats an empty mid as none, keeping the m-line index", () => {
    expect(decodeCandidates(encodeCandidates([{ ...cand(1), sdpMid: "" }]))).toEqual([cand(1, null, 0)]);
  });

  it(`sends at most ${LIMITS.maxCandidates} candidates and ${LIMITS.candidatesMaxLength} characters`, () => {
    const many = Array.from({ length: 100 }, (_, i) => cand(i));
    const text = encodeCandidates(many);
    expect(decodeCandidates(text)).toHaveLength(LIMITS.maxCandidates);
    expect(rulesAccept(text)).toBe(true);
    const long = Array.from({ length: 60 }, (_, i) => ({ ...cand(i), candidate: `candidate:${i} ${"x".repeat(400)}` }));
    const capped = encodeCandidates(long);
    expect(capped.length).toBeLessThanOrEqual(LIMITS.candidatesMaxLength);
    expect(decodeCandidates(capped).length).toBe(capped.split("\n").length - 1);
    expect(rulesAccept(capped)).toBe(true);
  });

  it("skips malformed lines and keeps the good ones, never throwing", () => {
    const good = `0 0 ${cand(1).candidate}\n`;
    const text = [
      "",
      "garbage",
      "0 0 not-a-candidate",
      "x 0 candidate:1 1 udp 1 1.2.3.4 5 typ host",
      "  candidate:no index and no mid",
      `0 0 candidate:${"9".repeat(LIMITS.candidateMaxLength)}`,
      "0 0 candidate:bad\u0000byte",
      good.trimEnd(),
    ].join("\n");
    expect(decodeCandidates(text)).toEqual([cand(1)]);
  });

  it("returns nothing for what is not a string: the list attack, numbers, objects", () => {
    for (const junk of [[null, 42, "x", {}], 42, null, undefined, { 0: "candidate:1" }, [cand(1)]]) {
      expect(decodeCandidates(junk)).toEqual([]);
    }
  });

  it(`reads at most ${LIMITS.maxCandidates} lines of an oversized string`, () => {
    const text = `0 0 ${cand(1).candidate}\n`.repeat(500);
    expect(decodeCandidates(text)).toHaveLength(LIMITS.maxCandidates);
  });
});

describe("decodeSignal", () => {
  it("decodes a stored document into what the client uses", () => {
    expect(decodeSignal(stored())).toEqual({
      session: "remote-session-1",
      joinedAt: expect.objectContaining({}),
      target: null,
      description: { type: "offer", sdp: SDP, seq: 0 },
      candidates: [cand(1), cand(2)],
      left: false,
      updatedAt: expect.objectContaining({}),
      // A writer that never said anything about itself: no name, microphone and camera on.
      participant: DEFAULT_PARTICIPANT_STATE,
    });
  });

  it("counts a document without a valid session, target or left as absent", () => {
    for (const patch of [
      { session: 42 },
      { session: "short" },
      { session: "has/slash-session" },
      { target: ["x"] },
      { target: "not a session" },
      { left: "false" },
      { left: null },
    ]) {
      expect(decodeSignal(stored(patch)), JSON.stringify(patch)).toBeNull();
    }
    for (const junk of [null, undefined, 42, "text", [stored()]]) expect(decodeSignal(junk)).toBeNull();
  });

  it("drops a malformed description but keeps the rest", () => {
    for (const description of [
      "v=0",
      [],
      { type: "rollback", sdp: SDP, seq: 0 },
      { type: "offer", sdp: 42, seq: 0 },
      { type: "offer", sdp: "<html>", seq: 0 },
      { type: "offer", sdp: `v=0\r\n${"a".repeat(LIMITS.sdpMaxLength)}`, seq: 0 },
      { type: "offer", sdp: SDP, seq: -1 },
      { type: "offer", sdp: SDP, seq: 1.5 },
      { type: "offer", sdp: SDP, seq: "1" },
      { type: "offer", sdp: SDP },
    ]) {
      const decoded = decodeSignal(stored({ description }));
      expect(decoded?.description, JSON.stringify(description).slice(0, 80)).toBeNull();
      expect(decoded?.candidates).toEqual([cand(1), cand(2)]);
    }
  });

  it("takes timestamps only when they are timestamps", () => {
    const decoded = decodeSignal(stored({ joinedAt: "yesterday", updatedAt: { toMillis: 5 } }));
    expect(decoded).toMatchObject({ joinedAt: null, updatedAt: null });
  });

  it("is the inverse of encodeSignal for what this side publishes", () => {
    const local = {
      target: "my-session-1",
      description: { type: "answer" as const, sdp: SDP, seq: 3 },
      candidates: [cand(4)],
      left: false,
      participant: { displayName: "Sam", micOn: false, cameraOn: true, screenSharing: true },
    };
    const decoded = decodeSignal({
      session: "remote-session-1",
      joinedAt: at(1),
      updatedAt: at(2),
      ...encodeSignal(local),
    });
    expect(decoded).toMatchObject(local);
  });
});

describe("decodeParticipant / encodeParticipant (untrusted: the other person wrote it)", () => {
  it("keeps a clean name, trimmed, and the three flags", () => {
    expect(
      decodeParticipant({ displayName: "  Zoë 山田 ", micOn: false, cameraOn: false, screenSharing: true }),
    ).toEqual({ displayName: "Zoë 山田", micOn: false, cameraOn: false, screenSharing: true });
  });

  it("drops a name that is not a clean label, and takes the default for malformed flags", () => {
    for (const displayName of [
      "",
      "   ",
      42,
      ["Sam"],
      { toString: () => "Sam" },
      "x".repeat(LIMITS.displayNameMaxLength + 1),
      "Sam\nHost: hang up now",
      "Sam\u202egnp.exe",
      "\u001b[2JSam",
      "Sam\u0000",
    ]) {
      expect(decodeParticipant({ displayName }).displayName, JSON.stringify(displayName)).toBeNull();
    }
    expect(decodeParticipant({ micOn: "no", cameraOn: 0, screenSharing: "yes" })).toEqual(DEFAULT_PARTICIPANT_STATE);
    for (const junk of [null, undefined, 42, "text", []])
      expect(decodeParticipant(junk)).toEqual(DEFAULT_PARTICIPANT_STATE);
  });

  it("never sends a name the rules would refuse: such a name goes out as none", () => {
    const state = { ...DEFAULT_PARTICIPANT_STATE, displayName: "Sam\u2028x" };
    expect(encodeParticipant(state).displayName).toBeNull();
    expect(encodeParticipant({ ...state, displayName: "  Sam  " }).displayName).toBe("Sam");
  });
});
