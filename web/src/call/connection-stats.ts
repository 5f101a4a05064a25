/**
 * Connection quality from RTCPeerConnection.getStats(), as plain data: kept apart from the peer
 * connection so it can be tested with recorded reports.
 */

/** One entry of an RTCStatsReport, loosely typed: browsers differ in which fields they fill. */
export type StatsEntry = Record<string, unknown> & { id: string; type: string; timestamp?: number };

export interface QualityCounters {
  timestamp: number;
  bytesSent: number;
  packetsReceived: number;
  packetsLost: number;
}

export interface ConnectionQuality {
  /** "relay" when either end of the selected candidate pair is a TURN relay. */
  route: "relay" | "direct" | null;
  rttMs: number | null;
  /** Incoming packets lost since the previous sample, in percent. */
  lossPercent: number | null;
  /** What we send, averaged since the previous sample. */
  outgoingKbps: number | null;
  /** Rough verdict for the indicator. */
  level: "good" | "fair" | "poor" | "unknown";
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function selectedPair(byId: Map<string, StatsEntry>): StatsEntry | undefined {
  for (const s of byId.values()) {
    if (s.type === "transport" && typeof s.selectedCandidatePairId === "string") {
      const pair = byId.get(s.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  // Browsers without transport stats mark the pair itself.
  for (const s of byId.values()) if (s.type === "candidate-pair" && s.selected === true) return s;
  return undefined;
}

/** Summarises a report; `previous` (from the last call) turns counters into rates. */
export function summarizeStats(
  report: Iterable<StatsEntry>,
  previous: QualityCounters | null,
): { quality: ConnectionQuality; counters: QualityCounters } {
  const byId = new Map<string, StatsEntry>();
  for (const s of report) byId.set(s.id, s);
  let timestamp = 0;
  let bytesSent = 0;
  let packetsReceived = 0;
  let packetsLost = 0;
  for (const s of byId.values()) {
    timestamp = Math.max(timestamp, num(s.timestamp) ?? 0);
    if (s.type === "outbound-rtp") bytesSent += num(s.bytesSent) ?? 0;
    if (s.type === "inbound-rtp") {
      packetsReceived += num(s.packetsReceived) ?? 0;
      packetsLost += Math.max(0, num(s.packetsLost) ?? 0);
    }
  }
  const pair = selectedPair(byId);
  const local = pair ? byId.get(String(pair.localCandidateId)) : undefined;
  const remote = pair ? byId.get(String(pair.remoteCandidateId)) : undefined;
  const route = !pair
    ? null
    : local?.candidateType === "relay" || remote?.candidateType === "relay"
      ? "relay"
      : "direct";
  const rtt = pair ? num(pair.currentRoundTripTime) : null;
  const rttMs = rtt === null ? null : Math.round(rtt * 1000);

  let lossPercent: number | null = null;
  let outgoingKbps: number | null = null;
  if (previous && timestamp > previous.timestamp) {
    const received = packetsReceived - previous.packetsReceived;
    const lost = packetsLost - previous.packetsLost;
    if (received + lost > 0) lossPercent = Math.round((Math.max(0, lost) / (received + Math.max(0, lost))) * 1000) / 10;
    const seconds = (timestamp - previous.timestamp) / 1000;
    outgoingKbps = Math.round((Math.max(0, bytesSent - previous.bytesSent) * 8) / 1000 / seconds);
  }
  return {
    quality: { route, rttMs, lossPercent, outgoingKbps, level: level(rttMs, lossPercent) },
    counters: { timestamp, bytesSent, packetsReceived, packetsLost },
  };
}

function level(rttMs: number | null, lossPercent: number | null): ConnectionQuality["level"] {
  if (rttMs === null && lossPercent === null) return "unknown";
  if ((rttMs ?? 0) > 400 || (lossPercent ?? 0) > 5) return "poor";
  if ((rttMs ?? 0) > 150 || (lossPercent ?? 0) > 1) return "fair";
  return "good";
}
