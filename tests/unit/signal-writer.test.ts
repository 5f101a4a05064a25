import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PARTICIPANT_STATE } from "@firecall/model";
import { SignalWriter, type LocalSignal } from "../../web/src/call/signal-writer.js";

const cand = (n: number) => ({ candidate: `candidate:${n}`, sdpMid: "0", sdpMLineIndex: 0 });
const offer = { type: "offer" as const, sdp: "v=0", seq: 0 };

function recordingSink(delayMs = 0) {
  const writes: LocalSignal[] = [];
  return {
    writes,
    write: vi.fn(async (s: LocalSignal) => {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      writes.push(s);
    }),
  };
}

/** A started writer (candidates wait 40 ms) and the sink it writes to. */
function startedWriter() {
  const sink = recordingSink();
  const writer = new SignalWriter(sink, { candidateDelayMs: 40, onError: () => {} });
  writer.start();
  return { sink, writer };
}

describe("SignalWriter", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes nothing before start, then the latest state once", async () => {
    const sink = recordingSink();
    const writer = new SignalWriter(sink, { candidateDelayMs: 40, onError: () => {} });
    writer.update({ description: offer }, true);
    writer.update({ candidates: [cand(1)] }, false);
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.writes).toHaveLength(0);
    writer.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.writes).toEqual([
      { target: null, description: offer, candidates: [cand(1)], left: false, participant: DEFAULT_PARTICIPANT_STATE },
    ]);
  });

  it("skips the write when the join batch already carried the state", async () => {
    const sink = recordingSink();
    const writer = new SignalWriter(sink, { candidateDelayMs: 40, onError: () => {} });
    writer.update({ description: offer }, true);
    writer.markWritten();
    writer.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.writes).toHaveLength(0);
  });

  it("batches a burst of candidates into one write", async () => {
    const { sink, writer } = startedWriter();
    for (let i = 1; i <= 5; i++) {
      writer.update({ candidates: [...writer.current.candidates, cand(i)] }, false);
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(50);
    expect(sink.writes).toHaveLength(1);
    expect(sink.writes[0]!.candidates).toHaveLength(5);
  });

  it("hurries waiting candidates when gathering ends, and writes nothing when all is written", async () => {
    const { sink, writer } = startedWriter();
    writer.update({ candidates: [cand(1)] }, false);
    writer.hurry();
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.writes).toHaveLength(1);
    writer.hurry();
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.writes).toHaveLength(1);
  });

  it("writes a deferred change at its deadline, or sooner with the next candidate batch", async () => {
    const { sink, writer } = startedWriter();
    writer.updateWithin({ target: "them" }, 1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(sink.writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.writes.map((w) => w.target)).toEqual(["them"]);
    // A candidate batch does not wait for a later deadline: it takes the deferred change along.
    writer.updateWithin({ target: "someone" }, 1000);
    writer.update({ candidates: [cand(1)] }, false);
    await vi.advanceTimersByTimeAsync(40);
    expect(sink.writes).toHaveLength(2);
    expect(sink.writes[1]).toMatchObject({ target: "someone", candidates: [cand(1)] });
    await vi.advanceTimersByTimeAsync(2000);
    expect(sink.writes).toHaveLength(2);
  });

  it("sends a description at once, without waiting for the candidate delay", async () => {
    const sink = recordingSink();
    const writer = new SignalWriter(sink, { candidateDelayMs: 1000, onError: () => {} });
    writer.start();
    writer.update({ candidates: [cand(1)] }, false);
    writer.update({ description: offer }, true);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.writes).toHaveLength(1);
    expect(sink.writes[0]).toMatchObject({ description: offer, candidates: [cand(1)] });
  });

  it("keeps one write in flight and coalesces what changed meanwhile", async () => {
    const sink = recordingSink(30);
    const writer = new SignalWriter(sink, { candidateDelayMs: 0, onError: () => {} });
    writer.start();
    writer.update({ description: offer }, true);
    await vi.advanceTimersByTimeAsync(1);
    writer.update({ candidates: [cand(1)] }, true);
    writer.update({ candidates: [cand(1), cand(2)] }, true);
    await vi.advanceTimersByTimeAsync(200);
    expect(sink.write).toHaveBeenCalledTimes(2);
    expect(sink.writes[1]!.candidates).toEqual([cand(1), cand(2)]);
  });

  it("reports a failed write and retries it with the next change", async () => {
    const errors: unknown[] = [];
    let fail = true;
    const writes: LocalSignal[] = [];
    const writer = new SignalWriter(
      {
        write: async (s) => {
          if (fail) throw new Error("unavailable");
          writes.push(s);
        },
      },
      { candidateDelayMs: 0, onError: (e) => errors.push(e) },
    );
    writer.start();
    writer.update({ description: offer }, true);
    await vi.advanceTimersByTimeAsync(1);
    expect(errors).toHaveLength(1);
    fail = false;
    writer.update({ candidates: [cand(1)] }, true);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([
      { target: null, description: offer, candidates: [cand(1)], left: false, participant: DEFAULT_PARTICIPANT_STATE },
    ]);
  });

  it("writes nothing after stop", async () => {
    const sink = recordingSink();
    const writer = new SignalWriter(sink, { candidateDelayMs: 40, onError: () => {} });
    writer.start();
    writer.update({ candidates: [cand(1)] }, false);
    writer.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.writes).toHaveLength(0);
  });
});
