import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { CallState } from "../call/call-state.js";
import { attentionEvents, snapshotOf, type AttentionEvent, type AttentionSnapshot } from "./attention-events.js";

export interface AttentionSource {
  state(): CallState | null;
  /** The tab title for the current state. */
  title(): string;
  soundsOn(): boolean;
  /** Shows a notification if the person wants them and the tab is hidden (NotificationController). */
  notify(event: AttentionEvent): void;
}

/**
 * What draws attention to the call while the person looks elsewhere: the tab title follows the
 * call, a short tone plays when the other person joins (rising) or leaves (falling), unless
 * sounds are off, and joins, leaves and messages go to the notifier. The title goes back to what
 * it was when the host goes away.
 */
export class AttentionController implements ReactiveController {
  /** Tones played, for tests (a sound cannot be heard in a headless browser). */
  readonly played: ("join" | "leave")[] = [];
  private readonly originalTitle = document.title;
  private seen: AttentionSnapshot | null = null;
  private audio: AudioContext | null = null;
  private noAudio = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly source: AttentionSource,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const title = this.source.title();
    if (document.title !== title) document.title = title;
    const state = this.source.state();
    // Ready before the other person arrives: making an AudioContext costs the main thread, and
    // their arrival is the moment ICE, DTLS and the first frames need it.
    if (state?.phase === "waiting") this.audioContext();
    const now = snapshotOf(state);
    // Only changes seen while in the call count; joining a call where someone waits does not.
    for (const event of attentionEvents(this.seen, now)) {
      if (event.kind !== "message") this.chime(event.kind === "joined" ? "join" : "leave");
      this.source.notify(event);
    }
    this.seen = now;
  }

  hostDisconnected(): void {
    document.title = this.originalTitle;
    void this.audio?.close().catch(() => {});
    this.audio = null;
  }

  private audioContext(): AudioContext | null {
    if (this.audio || this.noAudio || !this.source.soundsOn() || typeof AudioContext === "undefined") return this.audio;
    try {
      this.audio = new AudioContext();
    } catch (err) {
      this.noAudio = true; // asked once: a browser that refused will refuse again
      console.warn("no audio for tones:", err);
    }
    return this.audio;
  }

  private chime(kind: "join" | "leave"): void {
    if (!this.source.soundsOn() || typeof AudioContext === "undefined") return;
    this.played.push(kind);
    try {
      const ctx = this.audioContext();
      if (!ctx) return;
      const tone = (freq: number, at: number) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = freq;
        gain.gain.setValueAtTime(0.0001, ctx.currentTime + at);
        gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + at + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.18);
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + at);
        osc.stop(ctx.currentTime + at + 0.2);
      };
      const [first, second] = kind === "join" ? [660, 880] : [880, 660];
      tone(first, 0);
      tone(second, 0.15);
    } catch (err) {
      console.warn("could not play the tone:", err);
    }
  }
}
