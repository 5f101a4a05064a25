import type { Firestore } from "firebase/firestore";
import type { CallDoc } from "@firecall/model";
import type { CallDetails, CallDirectory } from "./call-directory.js";
import { problemFromFirebase } from "./call-errors.js";
import { waitForStart } from "./lobby.js";
import { ServerClock } from "./server-clock.js";
import type { CallParts } from "./call-parts.js";

export interface EntryHooks {
  /** Every version of the call document read on the way in. */
  onCall(call: CallDoc): void;
  /** The details, as soon as we may read them (before the lobby for someone already seated). */
  onDetails(details: CallDetails): void;
  /** A scheduled call has not started: the lobby counts down with the server's clock offset. */
  onLobby(serverOffsetMs: number): void;
  /** The call may be entered now (it is open, or its start has come): camera and microphone may start. */
  onEnter(): void;
  /** The seat (the rules let us take one only once the call has started). */
  claimSeat(): Promise<void>;
  signal: AbortSignal;
}

export interface Entry {
  /** True when the page waited in the lobby: it then joins by itself when the call opens. */
  waitedInLobby: boolean;
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The way into a call before Join: check it (one document read), wait in the lobby of a
 * scheduled call until its start by the server's clock, take a seat unless we hold one, and read
 * the details only participants may read.
 * Throws a CallError (or the SDK's error) when the call cannot be entered.
 */
export async function enterCall(
  db: Firestore,
  directory: CallDirectory,
  callId: string,
  uid: string,
  hooks: EntryHooks,
): Promise<Entry> {
  const access = await directory.checkAccess(callId, uid);
  if (access.details) hooks.onDetails(access.details);
  hooks.onCall(access.call);
  let waitedInLobby = false;
  if (access.call.status === "scheduled") {
    const clock = await ServerClock.measure(() => directory.serverNow());
    const startsAtMs = access.call.startsAt.toMillis();
    // Started already when the sweep has not yet marked it open: go straight in.
    if (startsAtMs > clock.now()) {
      waitedInLobby = true;
      hooks.onLobby(clock.offset);
      await waitForStart(db, callId, startsAtMs, clock, hooks.signal, hooks.onCall);
    }
  }
  if (!hooks.signal.aborted) hooks.onEnter();
  if (!access.seated && !hooks.signal.aborted) await atStart(hooks.claimSeat, waitedInLobby, hooks.signal);
  const details = access.details ?? (hooks.signal.aborted ? null : await directory.details(callId));
  if (details && !access.details) hooks.onDetails(details);
  return { waitedInLobby };
}

/**
 * A write that the rules allow only once the call has started: right after a lobby, retried
 * briefly in case our estimate of the server's clock ran a little early.
 */
export async function atStart(write: () => Promise<void>, afterLobby: boolean, signal: AbortSignal): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      const denied = problemFromFirebase(err) === "permission";
      if (!afterLobby || !denied || attempt >= 5 || signal.aborted) throw err;
      await delay(500);
    }
  }
}

/**
 * Resolves once what Join publishes is complete: a remote offer that was being answered under the
 * join screen's rules has its answer, and our first description exists. Normally long done while
 * the person looked at the join screen; bounded for auto-joins.
 */
export function localSignalReady(parts: CallParts): Promise<unknown> {
  return Promise.race([Promise.all([parts.remote.settled(), parts.peer.firstLocalDescription]), delay(2000)]);
}
