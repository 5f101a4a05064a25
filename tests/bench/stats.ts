/** Median and 95th percentile (nearest rank) of a list of numbers. */
export function summarize(values: number[]): { median: number; p95: number } {
  if (values.length === 0) return { median: NaN, p95: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, p95: rank(0.95) };
}
