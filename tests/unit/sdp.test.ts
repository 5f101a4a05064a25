import { describe, expect, it } from "vitest";
import { withCandidates } from "../../web/src/call/sdp.js";

// An answer as Chromium makes it (trimmed): a session part, then one bundled m-section per medium.
const ANSWER = [
  "v=0",
  "o=- 1 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "a=group:BUNDLE 0 1",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111",
  "c=IN IP4 0.0.0.0",
  "a=ice-ufrag:abcd",
  "a=mid:0",
  "m=video 9 UDP/TLS/RTP/SAVPF 96",
  "c=IN IP4 0.0.0.0",
  "a=mid:1",
  "",
].join("\r\n");

const host = "candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host generation 0 ufrag abcd";
const v6 = "candidate:2 1 udp 2122262783 fd00::2 50001 typ host generation 0 ufrag abcd";

describe("withCandidates", () => {
  it("puts each candidate at the end of its m-section, found by mid or else by index", () => {
    const { sdp, rest } = withCandidates(ANSWER, [
      { candidate: host, sdpMid: "0", sdpMLineIndex: 0 },
      { candidate: v6, sdpMid: null, sdpMLineIndex: 1 },
    ]);
    expect(rest).toEqual([]);
    const lines = sdp.split("\r\n");
    expect(lines.slice(5, 10)).toEqual([
      "m=audio 9 UDP/TLS/RTP/SAVPF 111",
      "c=IN IP4 0.0.0.0",
      "a=ice-ufrag:abcd",
      "a=mid:0",
      `a=${host}`,
    ]);
    expect(lines.slice(10)).toEqual(["m=video 9 UDP/TLS/RTP/SAVPF 96", "c=IN IP4 0.0.0.0", "a=mid:1", `a=${v6}`, ""]);
  });

  it("leaves the SDP as it was without candidates", () => {
    expect(withCandidates(ANSWER, [])).toEqual({ sdp: ANSWER, rest: [] });
  });

  it("gives back candidates it cannot place or that could forge a line, and never writes them", () => {
    const forged = { candidate: `${host}\r\na=fingerprint:sha-256 00`, sdpMid: "0", sdpMLineIndex: 0 };
    const noSection = { candidate: host, sdpMid: "7", sdpMLineIndex: 5 };
    const notCandidate = { candidate: "fingerprint:sha-256 00", sdpMid: "0", sdpMLineIndex: 0 };
    const { sdp, rest } = withCandidates(ANSWER, [forged, noSection, notCandidate]);
    expect(rest).toEqual([forged, noSection, notCandidate]);
    expect(sdp).toBe(ANSWER);
  });
});
