import { DEFAULT_PARTICIPANT_STATE, type OutgoingSignal } from "@firecall/model";

/**
 * How soon a creator says whose answer it took: not in the moments of ICE, DTLS and the first
 * frames, where the write and the snapshots it causes on both pages compete for the CPU (a page
 * load of theirs that fast is also answered: we then renew the connection and offer again).
 */
export const TARGET_WRITE_MS = 1000;
/** What this participant wants the other side to see in its signals document. */
export type LocalSignal = OutgoingSignal;

export interface SignalSink {
  write(signal: LocalSignal): Promise<void>;
}

export interface SignalWriterOptions {
  /** How long to wait for more candidates before writing: gathering emits them in bursts. */
  candidateDelayMs: number;
  onError(err: unknown): void;
}

/**
 * Coalesces signaling changes into as few Firestore writes as possible: one write in flight at
 * a time, a description goes out at once, candidates wait `candidateDelayMs` to travel together.
 * Every write carries the whole current state, so a lost or reordered snapshot is never
 * harmful: the latest document is always complete.
 */
export class SignalWriter {
  private state: LocalSignal = {
    target: null,
    description: null,
    candidates: [],
    left: false,
    participant: DEFAULT_PARTICIPANT_STATE,
  };
  private started = false;
  private dirty = false;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When the scheduled flush is due (Date.now() ms). */
  private dueAt = 0;

  constructor(
    private readonly sink: SignalSink,
    private readonly options: SignalWriterOptions,
  ) {}

  get current(): LocalSignal {
    return this.state;
  }

  /** Changes the state; `urgent` writes now, otherwise after the candidate delay. */
  update(patch: Partial<LocalSignal>, urgent: boolean): void {
    this.state = { ...this.state, ...patch };
    this.dirty = true;
    if (!this.started) return;
    if (urgent) this.flushSoon(0);
    else this.flushSoon(this.options.candidateDelayMs);
  }

  /** Changes the state and writes it within `withinMs`, or with any change written sooner. */
  updateWithin(patch: Partial<LocalSignal>, withinMs: number): void {
    this.state = { ...this.state, ...patch };
    this.dirty = true;
    if (this.started) this.flushSoon(withinMs);
  }

  /** Writes what is waiting now rather than after the candidate delay; nothing if all is written. */
  hurry(): void {
    if (this.dirty && this.started) this.flushSoon(0);
  }

  /** Changes the state without writing it (the next write carries it). */
  hold(patch: Partial<LocalSignal>): void {
    this.state = { ...this.state, ...patch };
  }

  /** Starts writing: called once the join write (which carried the state so far) succeeded. */
  start(): void {
    this.started = true;
    if (this.dirty) this.flushSoon(0);
  }

  /** Marks the state as written by someone else (the join batch). */
  markWritten(): void {
    this.dirty = false;
  }

  /** Waits until everything changed so far is written. */
  async settle(): Promise<void> {
    while (this.inFlight || this.timer || (this.started && this.dirty)) {
      if (this.timer) this.flushSoon(0);
      await (this.inFlight ?? Promise.resolve());
      await Promise.resolve();
    }
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private flushSoon(delayMs: number): void {
    const due = Date.now() + delayMs;
    if (this.timer) {
      if (due >= this.dueAt) return; // a flush is already scheduled at least this soon
      clearTimeout(this.timer);
    }
    this.dueAt = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  private async flush(): Promise<void> {
    if (this.inFlight) {
      await this.inFlight;
      if (this.timer === null && this.dirty && this.started) this.flushSoon(0);
      return;
    }
    if (!this.dirty || !this.started) return;
    this.dirty = false;
    const snapshot = this.state;
    let failed = false;
    this.inFlight = this.sink.write(snapshot).catch((err: unknown) => {
      // Kept dirty: the next change retries. No retry loop of our own against a failing backend.
      failed = true;
      this.dirty = true;
      this.options.onError(err);
    });
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    if (!failed && this.dirty && this.started && this.timer === null) this.flushSoon(0);
  }
}
