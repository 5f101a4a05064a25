import { describe, expect, it } from "vitest";
import { summarizeStats, type StatsEntry } from "../../web/src/call/connection-stats.js";

/** A getStats() report in the shape Chromium gives it, reduced to the fields we read. */
function report(opts: {
  t: number;
  localType: string;
  remoteType: string;
  rtt?: number;
  bytesSent: number;
  received: number;
  lost: number;
}): StatsEntry[] {
  return [
    { id: "T01", type: "transport", timestamp: opts.t, selectedCandidatePairId: "CP1" },
    { id: "CP0", type: "candidate-pair", timestamp: opts.t, localCandidateId: "L0", remoteCandidateId: "R0" },
    {
      id: "CP1",
      type: "candidate-pair",
      timestamp: opts.t,
      localCandidateId: "L1",
      remoteCandidateId: "R1",
      currentRoundTripTime: opts.rtt,
    },
    { id: "L0", type: "local-candidate", candidateType: "host" },
    { id: "R0", type: "remote-candidate", candidateType: "host" },
    { id: "L1", type: "local-candidate", candidateType: opts.localType },
    { id: "R1", type: "remote-candidate", candidateType: opts.remoteType },
    { id: "OV", type: "outbound-rtp", kind: "video", timestamp: opts.t, bytesSent: opts.bytesSent * 0.9 },
    { id: "OA", type: "outbound-rtp", kind: "audio", timestamp: opts.t, bytesSent: opts.bytesSent * 0.1 },
    {
      id: "IV",
      type: "inbound-rtp",
      kind: "video",
      timestamp: opts.t,
      packetsReceived: opts.received,
      packetsLost: opts.lost,
    },
  ];
}

describe("summarizeStats", () => {
  it("reads the route and round-trip time of the selected pair; rates need a previous sample", () => {
    const first = summarizeStats(
      report({ t: 1000, localType: "relay", remoteType: "host", rtt: 0.0234, bytesSent: 0, received: 0, lost: 0 }),
      null,
    );
    expect(first.quality).toEqual({ route: "relay", rttMs: 23, lossPercent: null, outgoingKbps: null, level: "good" });
  });

  it("turns counters into loss and bitrate since the previous sample", () => {
    const a = summarizeStats(
      report({
        t: 1000,
        localType: "host",
        remoteType: "srflx",
        rtt: 0.2,
        bytesSent: 100_000,
        received: 1000,
        lost: 0,
      }),
      null,
    );
    const b = summarizeStats(
      report({
        t: 3000,
        localType: "host",
        remoteType: "srflx",
        rtt: 0.2,
        bytesSent: 350_000,
        received: 1190,
        lost: 10,
      }),
      a.counters,
    );
    // 250 kB in 2 s = 1000 kbit/s; 10 lost of 200 = 5 %.
    expect(b.quality).toEqual({ route: "direct", rttMs: 200, lossPercent: 5, outgoingKbps: 1000, level: "fair" });
  });

  it("calls heavy loss poor and knows nothing before a pair is selected", () => {
    const a = summarizeStats(
      report({ t: 0, localType: "host", remoteType: "host", bytesSent: 0, received: 0, lost: 0 }),
      null,
    );
    const b = summarizeStats(
      report({ t: 1000, localType: "host", remoteType: "host", bytesSent: 0, received: 80, lost: 20 }),
      a.counters,
    );
    expect(b.quality.level).toBe("poor");
    const none = summarizeStats([{ id: "T", type: "transport", timestamp: 1 }], null);
    expect(none.quality).toEqual({ route: null, rttMs: null, lossPercent: null, outgoingKbps: null, level: "unknown" });
  });
});
