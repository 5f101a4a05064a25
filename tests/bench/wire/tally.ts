// What a meter counted: totals, per collection bucket, and one event per counted read or write.
import { pathBucket, relativeDocumentPath } from "./json.js";

export interface OpCounts {
  writes: number;
  reads: number;
}

export interface MeterSnapshot extends OpCounts {
  /** Counts per collection bucket: "calls" for calls/<id>, "calls/*\/signals" for calls/<id>/signals/<uid>. */
  byPath: Record<string, OpCounts>;
}

export interface CountEvent {
  op: "read" | "write";
  /** Document path relative to .../documents, or the query's collection path for a minimum charge. */
  path: string;
  bucket: string;
  /** What on the wire caused it, e.g. "Write/channel", "Listen/channel", "REST :commit". */
  via: string;
}

export class Tally {
  writes = 0;
  reads = 0;
  byPath = new Map<string, OpCounts>();

  constructor(private readonly onCount?: (event: CountEvent) => void) {}

  add(op: "read" | "write", path: string, via: string, bucket = pathBucket(path)): void {
    if (op === "read") this.reads += 1;
    else this.writes += 1;
    let entry = this.byPath.get(bucket);
    if (!entry) {
      entry = { writes: 0, reads: 0 };
      this.byPath.set(bucket, entry);
    }
    if (op === "read") entry.reads += 1;
    else entry.writes += 1;
    this.onCount?.({ op, path: relativeDocumentPath(path), bucket, via });
  }

  snapshot(): MeterSnapshot {
    const byPath: Record<string, OpCounts> = {};
    for (const key of [...this.byPath.keys()].sort()) {
      const entry = this.byPath.get(key);
      if (entry) byPath[key] = { writes: entry.writes, reads: entry.reads };
    }
    return { writes: this.writes, reads: this.reads, byPath };
  }

  reset(): void {
    this.writes = 0;
    this.reads = 0;
    this.byPath.clear();
  }
}
