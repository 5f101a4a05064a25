import { describe, expect, it } from "vitest";
import { DEFAULT_PARTICIPANT_STATE, type SignalDoc, decodeSignal } from "@firecall/model";
import { freshTracker, interpretRemote, isPolite, type RemoteTracker } from "../../web/src/call/remote-signal.js";

const at = (ms: number) => ({ toMillis: () => ms });
const cand = (n: number) => ({
  candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${5000 + n} typ host`,
  sdpMid: "0",
  sdpMLineIndex: 0,
});

function remoteDoc(patch: Partial<SignalDoc> = {}): SignalDoc {
  return {
    session: "remote-session-1",
    joinedAt: at(1000),
    target: null,
    description: { type: "offer", sdp: "v=0 offer", seq: 0 },
    candidates: [cand(1), cand(2)],
    left: false,
    updatedAt: at(1000),
    participant: DEFAULT_PARTICIPANT_STATE,
    ...patch,
  };
}

const ME = "my-session-1";

describe("interpretRemote", () => {
  it("reports an absent remote before the other person joins", () => {
    expect(interpretRemote(null, freshTracker(), ME)).toEqual({ kind: "absent" });
  });

  it("reports a remote that hung up", () => {
    expect(interpretRemote(remoteDoc({ left: true }), freshTracker(), ME)).toEqual({ kind: "left" });
  });

  it("hands over a new session's offer to anyone together with its candidates", () => {
    const action = interpretRemote(remoteDoc(), freshTracker(), ME);
    expect(action).toEqual({
      kind: "present",
      newSession: true,
      description: { type: "offer", sdp: "v=0 offer" },
      descriptionSeq: 0,
      candidates: [cand(1), cand(2)],
    });
  });

  it("ignores a description addressed to an earlier page load of ours", () => {
    const action = interpretRemote(
      remoteDoc({ target: "my-old-session", description: { type: "answer", sdp: "a", seq: 3 } }),
      freshTracker(),
      ME,
    );
    expect(action).toMatchObject({ kind: "present", description: null, candidates: [] });
  });

  it("hands over only candidates not seen before, and no description twice", () => {
    const tracker: RemoteTracker = {
      session: "remote-session-1",
      handledSeq: 0,
      ignoredSeq: null,
      seenCandidates: new Set([cand(1).candidate]),
    };
    const action = interpretRemote(remoteDoc({ candidates: [cand(1), cand(2), cand(3)] }), tracker, ME);
    expect(action).toEqual({
      kind: "present",
      newSession: false,
      description: null,
      descriptionSeq: null,
      candidates: [cand(2), cand(3)],
    });
  });

  it("drops the candidates of an offer we ignored, until a newer description arrives", () => {
    const tracker: RemoteTracker = {
      session: "remote-session-1",
      handledSeq: 0,
      ignoredSeq: 0,
      seenCandidates: new Set(),
    };
    expect(interpretRemote(remoteDoc(), tracker, ME)).toMatchObject({ description: null, candidates: [] });
    const answer = remoteDoc({
      target: ME,
      description: { type: "answer", sdp: "v=0 answer", seq: 1 },
      candidates: [cand(9)],
    });
    expect(interpretRemote(answer, tracker, ME)).toMatchObject({
      description: { type: "answer" },
      descriptionSeq: 1,
      candidates: [cand(9)],
    });
  });

  it("treats a reloaded remote (new session) as new even with lower seq numbers", () => {
    const tracker: RemoteTracker = {
      session: "remote-session-1",
      handledSeq: 7,
      ignoredSeq: null,
      seenCandidates: new Set([cand(1).candidate]),
    };
    const action = interpretRemote(remoteDoc({ session: "remote-session-2", candidates: [cand(1)] }), tracker, ME);
    expect(action).toMatchObject({ newSession: true, descriptionSeq: 0, candidates: [cand(1)] });
  });
});

describe("isPolite", () => {
  it("makes the earlier joiner polite, so the newcomer's offer wins", () => {
    expect(isPolite({ joinedAt: at(1), uid: "b" }, { joinedAt: at(2), uid: "a" })).toBe(true);
    expect(isPolite({ joinedAt: at(2), uid: "a" }, { joinedAt: at(1), uid: "b" })).toBe(false);
  });

  it("breaks ties by uid, so exactly one side is polite", () => {
    expect(isPolite({ joinedAt: at(5), uid: "a" }, { joinedAt: at(5), uid: "b" })).toBe(true);
    expect(isPolite({ joinedAt: at(5), uid: "b" }, { joinedAt: at(5), uid: "a" })).toBe(false);
  });

  it("treats an unknown own join time as the newest", () => {
    expect(isPolite({ joinedAt: null, uid: "a" }, { joinedAt: at(5), uid: "b" })).toBe(false);
  });
});

describe("the other side's document, untrusted (decoded as signaling.ts does)", () => {
  const junkDocs: unknown[] = [
    null,
    42,
    "text",
    [],
    { session: 42, left: false },
    { session: "remote-session-1", left: "no" },
    { ...remoteDoc(), candidates: [null, 42, "x", { candidate: {} }] },
    { ...remoteDoc(), candidates: "0 0 candidate:ok 1 udp 1 1.2.3.4 5 typ host\nnot a line\n\u0000\n" },
    { ...remoteDoc(), description: { type: "offer", sdp: { evil: true }, seq: 0 } },
    { ...remoteDoc(), description: "v=0", joinedAt: "yesterday" },
    { ...remoteDoc(), target: { $gt: "" } },
  ];

  it("never throws and hands the peer connection only well-formed offers and candidates", () => {
    for (const raw of junkDocs) {
      const action = interpretRemote(decodeSignal(raw), freshTracker(), ME);
      if (action.kind !== "present") continue;
      expect(action.description === null || typeof action.description.sdp === "string").toBe(true);
      for (const c of action.candidates) {
        expect(c.candidate).toMatch(/^candidate:[ -~]+$/);
        expect(c.sdpMid !== null || c.sdpMLineIndex !== null).toBe(true);
      }
    }
  });

  it("keeps the good candidates of a document with bad lines", () => {
    const raw = { ...remoteDoc(), candidates: "0 0 candidate:ok 1 udp 1 1.2.3.4 5 typ host\nnot a line\n" };
    expect(interpretRemote(decodeSignal(raw), freshTracker(), ME)).toMatchObject({
      kind: "present",
      candidates: [{ candidate: "candidate:ok 1 udp 1 1.2.3.4 5 typ host", sdpMid: "0", sdpMLineIndex: 0 }],
    });
  });

  it("treats a document without a valid session as absent", () => {
    expect(interpretRemote(decodeSignal({ session: 42, left: false }), freshTracker(), ME)).toEqual({ kind: "absent" });
  });
});
