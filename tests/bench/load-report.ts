// The load bench's cost model: what the measured reads, writes and invocations cost at list prices.
import { invocationTotal } from "./function-log.js";
import type { PhaseCost } from "./load-meters.js";

export interface LevelResult {
  n: number;
  failures: string[];
  expired: number;
  answerP50: number;
  answerP95: number;
  setupP50: number;
  setupP95: number;
  setupWallMs: number;
  setup: PhaseCost;
  sweepLive: PhaseCost;
  heartbeat: PhaseCost;
  heartbeatsWritten: number;
  leave: PhaseCost;
  expiry: PhaseCost;
}

/**
 * List prices in USD, Standard edition Firestore in us-central1 (nam5 multi-region is twice these)
 * and Cloud Functions 2nd gen (Cloud Run, tier-1 region, request-based billing), as published on
 * cloud.google.com/firestore/pricing and cloud.google.com/run/pricing (read 2026-11-29). Free
 * tiers are left out: they absorb small projects entirely.
 */
export const PRICES = {
  readPer100k: 0.03,
  writePer100k: 0.09,
  invocationPerMillion: 0.4,
  vcpuSecond: 0.000024,
  gibSecond: 0.0000025,
  /** firebase-tools' defaults for a 2nd gen function: 256 MiB and 1 vCPU; at least 100 ms billed. */
  billedSeconds: 0.1,
  vcpu: 1,
  gib: 0.25,
};

/** An average call's length: 1,000 call-hours are 1000 / this many calls. */
export const AVERAGE_CALL_HOURS = 0.5;

interface Ops {
  reads: number;
  writes: number;
  invocations: number;
}

/**
 * Reads the wire does not show: every signals write from a page costs the rules one getAfter() of
 * the gate. Each such write fires onSignalWritten once, so its invocations count them; `ruleReads`
 * is false for phases whose signals changes are the functions' own deletions.
 */
function ops(c: PhaseCost, divisor: number, ruleReads = true): Ops {
  const signalsWrites = ruleReads ? invocationTotal(c.invocations, "onSignalWritten") : 0;
  return {
    reads: (c.clients.reads + c.functions.reads + signalsWrites) / divisor,
    writes: (c.clients.writes + c.functions.writes) / divisor,
    invocations: invocationTotal(c.invocations) / divisor,
  };
}

const add = (a: Ops, b: Ops, times = 1): Ops => ({
  reads: a.reads + b.reads * times,
  writes: a.writes + b.writes * times,
  invocations: a.invocations + b.invocations * times,
});

export function dollars(o: Ops): { firestore: number; functions: number } {
  const p = PRICES;
  const perInvocation = p.invocationPerMillion / 1e6 + p.billedSeconds * (p.vcpu * p.vcpuSecond + p.gib * p.gibSecond);
  return {
    firestore: (o.reads * p.readPer100k + o.writes * p.writePer100k) / 1e5,
    functions: o.invocations * perInvocation,
  };
}

const fmt = (o: Ops) =>
  `${o.reads.toFixed(1)} reads, ${o.writes.toFixed(1)} writes, ${o.invocations.toFixed(1)} invocations`;

export function printCostModel(results: LevelResult[], functionsMetered: boolean): void {
  const r = results[results.length - 1];
  if (!r || r.n === r.failures.length) return;
  const ok = r.n - r.failures.length;
  const perCall = add(add(ops(r.setup, ok), ops(r.leave, ok)), ops(r.expiry, ok, false));
  const perHeartbeat = ops(r.heartbeat, Math.max(1, r.heartbeatsWritten));
  // Two people, one heartbeat a minute each.
  const perCallHour = add({ reads: 0, writes: 0, invocations: 0 }, perHeartbeat, 2 * 60);
  const sweep = ops(r.sweepLive, 1, false);
  const calls = 1000 / AVERAGE_CALL_HOURS;
  const thousandHours = add(add({ reads: 0, writes: 0, invocations: 0 }, perCall, calls), perCallHour, 1000);
  const sweepMonth = add({ reads: 0, writes: 0, invocations: 0 }, sweep, 60 * 24 * 30);
  const money = dollars(thousandHours);
  const sweepMoney = dollars(sweepMonth);
  console.log(`\nCost model (from N=${r.n}${functionsMetered ? "" : "; functions' own reads and writes NOT metered"})`);
  console.log(
    `  per call (setup, leave, expiry; reads include the rules' getAfter per signals write): ${fmt(perCall)}`,
  );
  console.log(`  per call-hour (heartbeats, 2 × 60): ${fmt(perCallHour)}`);
  console.log(`  1,000 call-hours = ${calls} calls of ${AVERAGE_CALL_HOURS * 60} min: ${fmt(thousandHours)}`);
  console.log(
    `  at list prices: Firestore $${money.firestore.toFixed(3)}, Cloud Functions $${money.functions.toFixed(3)}` +
      ` (invocations and ≤${PRICES.billedSeconds * 1000} ms of ${PRICES.vcpu} vCPU each)`,
  );
  console.log(
    `  plus the sweep, whatever the number of calls: ${fmt(sweep)} a minute = ` +
      `$${(sweepMoney.firestore + sweepMoney.functions).toFixed(2)} a month`,
  );
}
