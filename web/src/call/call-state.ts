import { DEFAULT_PARTICIPANT_STATE, type CallDoc, type ParticipantState } from "@firecall/model";
import type { CallProblem } from "./call-errors.js";

/** Where this page stands in the call. Tests and styles read it as `data-phase`. */
export type CallPhase =
  | "checking" // reading the call document
  | "lobby" // a scheduled call that has not started: counting down
  | "ready" // may join; camera and peer connection prepared
  | "joining"
  | "waiting" // joined, the other person is not here (never came, left, or dropped)
  | "connecting"
  | "connected"
  | "reconnecting" // the connection broke while both are (as far as we know) still here
  | "left" // we hung up
  | "resuming" // the server counted us gone (we were silent too long): the page joins afresh
  | "ended" // the call itself is over
  | "error";

/**
 * The other participant as this page sees them: `here` (their page is in the call), `dropped`
 * (their connection went away without a goodbye: crash, sleep, lost network; we wait for them),
 * `left` (they hung up), or `absent` (not joined yet).
 */
export type OtherPresence = "absent" | "here" | "dropped" | "left";

export interface OtherView {
  presence: OtherPresence;
  /** Epoch ms when they dropped or left; null otherwise. */
  since: number | null;
  /** They were dropped or gone and came back (a reload, a new tab, their network returned). */
  returned: boolean;
}

/** This page's own network: offline while the browser says so or Firestore serves only its cache. */
export interface NetworkView {
  online: boolean;
  /** Epoch ms when the page went offline; null while online. */
  offlineSince: number | null;
}

export interface ChatEntry {
  id: string;
  from: "me" | "them";
  text: string;
  sentAt: number;
}

/** What the page shows about the call itself. */
export interface CallInfo {
  status: CallDoc["status"];
  startsAtMs: number;
  title: string | null;
  /** Whether this person created the call (and so may end it for everyone). */
  isCreator: boolean;
  /**
   * Names an integrating app gave (calls made through the REST API): this person's and the other
   * person's, by seat (host or guest). Null when the app gave none, or for calls made in the app.
   */
  ownAppName: string | null;
  otherAppName: string | null;
}

/** Why the last action failed, as a code the UI turns into words. */
export type ActionError = "end-failed" | "end-denied";

export interface CallState {
  phase: CallPhase;
  call: CallInfo | null;
  /** Server clock minus this device's clock, for the lobby's countdown. */
  serverOffsetMs: number;
  actionError: ActionError | null;
  problem: CallProblem | null;
  remoteStream: MediaStream | null;
  other: OtherView;
  /** What the other person shows about themselves (name, microphone, camera, screen share). */
  otherParticipant: ParticipantState;
  network: NetworkView;
  chatOpen: boolean;
  messages: ChatEntry[];
  /** performance.now() when Join was pressed, for diagnostics and the benchmark. */
  joinPressedAt: number | null;
}

export const INITIAL_STATE: CallState = {
  phase: "checking",
  call: null,
  serverOffsetMs: 0,
  actionError: null,
  problem: null,
  remoteStream: null,
  other: { presence: "absent", since: null, returned: false },
  otherParticipant: DEFAULT_PARTICIPANT_STATE,
  network: { online: true, offlineSince: null },
  chatOpen: false,
  messages: [],
  joinPressedAt: null,
};

/**
 * The call-state store: the one place the call's parts write what they know, and the UI reads.
 * Listeners get every new state, synchronously, in order.
 */
export class CallStateStore {
  private state: CallState = INITIAL_STATE;
  private readonly listeners = new Set<(s: CallState) => void>();

  get snapshot(): CallState {
    return this.state;
  }

  subscribe(listener: (s: CallState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<CallState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener(this.state);
  }

  clear(): void {
    this.listeners.clear();
  }
}
