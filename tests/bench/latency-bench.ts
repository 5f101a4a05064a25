// Join → first decoded frame on both sides, for several variants in ONE run, alternating call by
// call (the order rotates every round), so a busy machine slows every variant alike.
import { summarize } from "./stats.js";
import type { CallTiming } from "./our-call.js";

export interface Variant {
  name: string;
  run(): Promise<CallTiming>;
  /** Runs before each of this variant's calls (e.g. switch triggers off), `after` after it. */
  before?(): Promise<void>;
  after?(): Promise<void>;
}

export interface VariantResult {
  name: string;
  timings: CallTiming[];
  median: number;
  p95: number;
}

function printMarks(name: string, t: CallTiming): void {
  for (const [side, marks] of Object.entries(t.marks)) {
    const steps = Object.entries(marks)
      .filter(([, ms]) => ms > -5_000 && ms < 10_000)
      .sort((a, b) => a[1] - b[1])
      .map(([k, ms]) => `${k}=${ms}`);
    console.log(`    ${name} ${side}: ${steps.join(" ")}`);
  }
}

/** One warm-up call per variant, then `rounds` rounds of one call each. */
export async function alternate(variants: Variant[], rounds: number): Promise<VariantResult[]> {
  const timings = new Map<string, CallTiming[]>(variants.map((v) => [v.name, []]));
  const once = async (v: Variant) => {
    await v.before?.();
    try {
      return await v.run();
    } finally {
      await v.after?.();
    }
  };
  for (const v of variants) await once(v); // warms the Functions worker, the page cache, the JIT
  for (let round = 0; round < rounds; round++) {
    const order = variants.map((_, i) => variants[(i + round) % variants.length]!);
    for (const v of order) {
      const t = await once(v);
      timings.get(v.name)!.push(t);
      console.log(
        `round ${String(round + 1).padStart(2)} ${v.name}: join→first frame both sides ${t.joinToFrameMs.toFixed(0)} ms`,
      );
      if (process.env.BENCH_MARKS) printMarks(v.name, t);
    }
  }
  return variants.map((v) => {
    const list = timings.get(v.name)!;
    const s = summarize(list.map((t) => t.joinToFrameMs));
    return { name: v.name, timings: list, median: s.median, p95: s.p95 };
  });
}

/** Median and p95 per variant; every row after the first also as a ratio of medians to the first. */
export function printVariants(title: string, results: VariantResult[]): void {
  console.log(`\n${title}`);
  const base = results[0];
  for (const r of results) {
    const ratio = base && r !== base ? `; ${base.name} / this = ${(base.median / r.median).toFixed(2)}` : "";
    console.log(
      `  ${r.name.padEnd(40)} median ${r.median.toFixed(0).padStart(5)} ms, p95 ${r.p95.toFixed(0).padStart(5)} ms` +
        ` (n=${r.timings.length}${ratio})`,
    );
  }
}
