import { DEFAULT_PARTICIPANT_STATE, encodeParticipant, type ParticipantState } from "@firecall/model";
import type { CallStateStore } from "./call-state.js";
import type { SignalWriter } from "./signal-writer.js";

/** Where our state goes besides the signals document: the data channel, when it is open. */
export interface ParticipantChannel {
  sendParticipant(state: ParticipantState): void;
}

/**
 * What each participant shows the other (name, microphone, camera, screen share), both ways.
 * Ours goes out on the data channel (the other side sees a mute within a round trip) and in our
 * signals document (a page that loads later, or reloads, reads it there); the document write is
 * not urgent, so a burst of toggles costs one write. Theirs arrives both ways too, decoded as
 * untrusted input (signal-codec.ts), and lands in the store as `otherParticipant`.
 */
export class ParticipantSync {
  private local: ParticipantState = DEFAULT_PARTICIPANT_STATE;

  constructor(
    private readonly writer: SignalWriter,
    private readonly channel: ParticipantChannel,
    private readonly store: CallStateStore,
  ) {}

  get current(): ParticipantState {
    return this.local;
  }

  /** Our state changed (a toggle, a share, the name typed before joining). */
  setLocal(state: ParticipantState): void {
    const next = encodeParticipant(state);
    if (sameState(next, this.local)) return;
    this.local = next;
    // Before the join this is only held: the join write carries it.
    this.writer.update({ participant: next }, false);
    this.channel.sendParticipant(next);
  }

  /** A new data channel opened: the other side hears our state at once. */
  channelOpened(): void {
    this.channel.sendParticipant(this.local);
  }

  /** What the other side said about itself, from its document or the channel (already decoded). */
  receive(state: ParticipantState): void {
    if (!sameState(state, this.store.snapshot.otherParticipant)) this.store.set({ otherParticipant: state });
  }
}

function sameState(a: ParticipantState, b: ParticipantState): boolean {
  return (
    a.displayName === b.displayName &&
    a.micOn === b.micOn &&
    a.cameraOn === b.cameraOn &&
    a.screenSharing === b.screenSharing
  );
}
