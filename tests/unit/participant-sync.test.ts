import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_PARTICIPANT_STATE, type ParticipantState } from "@firecall/model";
import { CallStateStore } from "../../web/src/call/call-state.js";
import { ParticipantSync } from "../../web/src/call/participant-sync.js";
import { SignalWriter, type LocalSignal } from "../../web/src/call/signal-writer.js";

describe("ParticipantSync", () => {
  let written: LocalSignal[];
  let sent: ParticipantState[];
  let writer: SignalWriter;
  let store: CallStateStore;
  let sync: ParticipantSync;

  beforeEach(() => {
    vi.useFakeTimers();
    written = [];
    sent = [];
    writer = new SignalWriter(
      { write: async (s) => void written.push(s) },
      { candidateDelayMs: 40, onError: () => {} },
    );
    store = new CallStateStore();
    sync = new ParticipantSync(writer, { sendParticipant: (s) => sent.push(s) }, store);
  });

  afterEach(() => vi.useRealTimers());

  it("sends a change on the channel at once and writes a burst of changes to the document once", async () => {
    writer.start();
    sync.setLocal({ ...DEFAULT_PARTICIPANT_STATE, displayName: "  Sam ", micOn: false });
    sync.setLocal({ ...DEFAULT_PARTICIPANT_STATE, displayName: "Sam", micOn: false, cameraOn: false });
    expect(sent).toEqual([
      { ...DEFAULT_PARTICIPANT_STATE, displayName: "Sam", micOn: false },
      { ...DEFAULT_PARTICIPANT_STATE, displayName: "Sam", micOn: false, cameraOn: false },
    ]);
    await vi.advanceTimersByTimeAsync(100);
    expect(written.map((w) => w.participant)).toEqual([
      { displayName: "Sam", micOn: false, cameraOn: false, screenSharing: false },
    ]);
  });

  it("does nothing for a state that did not change, and never sends a name the rules would refuse", () => {
    sync.setLocal(DEFAULT_PARTICIPANT_STATE);
    expect(sent).toEqual([]);
    sync.setLocal({ ...DEFAULT_PARTICIPANT_STATE, displayName: "Sam\u202egnp.exe" });
    expect(sent).toEqual([]);
    expect(sync.current.displayName).toBeNull();
  });

  it("tells a newly opened channel our state, and stores theirs only when it changes", () => {
    sync.setLocal({ ...DEFAULT_PARTICIPANT_STATE, screenSharing: true });
    sync.channelOpened();
    expect(sent.at(-1)).toMatchObject({ screenSharing: true });
    const seen: unknown[] = [];
    store.subscribe((s) => seen.push(s.otherParticipant));
    const theirs = { ...DEFAULT_PARTICIPANT_STATE, displayName: "Alex", micOn: false };
    const before = seen.length;
    sync.receive(theirs);
    sync.receive({ ...theirs });
    expect(seen.length - before).toBe(1);
    expect(store.snapshot.otherParticipant).toEqual(theirs);
  });
});
