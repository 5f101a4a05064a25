import { doc, onSnapshot, type Firestore } from "firebase/firestore";
import { CALLS, isTerminal, type CallDoc } from "@firecall/model";
import { CallError, endedProblem } from "./call-errors.js";
import type { ServerClock } from "./server-clock.js";

/** Enter this long after the start by our estimate of the server's clock, which is off by up to half a round trip. */
const ENTRY_MARGIN_MS = 300;

/**
 * Waits in the lobby of a scheduled call until it may be joined: when the call document says it
 * opened, or when the server's clock reaches the start (the rules let people in then, even if the
 * sweep has not yet run). Follows a reschedule (a new start time) and reports every change of the
 * call through `onCall`. Rejects with a CallError if the call is cancelled meanwhile.
 */
export function waitForStart(
  db: Firestore,
  callId: string,
  startsAtMs: number,
  clock: ServerClock,
  signal: AbortSignal,
  onCall: (call: CallDoc) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (err?: unknown) => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve();
    };
    const onAbort = () => finish(new DOMException("left the lobby", "AbortError"));
    const unsubscribe = onSnapshot(
      doc(db, CALLS, callId),
      (snap) => {
        const call = snap.exists() ? (snap.data() as CallDoc) : null;
        if (!call) finish(new CallError("not-found"));
        else if (isTerminal(call.status)) finish(new CallError(endedProblem(call.status, call.endReason, false)));
        else if (call.status === "open") finish();
        else {
          onCall(call);
          if (call.startsAt.toMillis() !== startsAtMs) {
            startsAtMs = call.startsAt.toMillis();
            clearTimeout(timer);
            check();
          }
        }
      },
      (err) => finish(err),
    );
    // Re-armed at most a minute ahead: setTimeout cannot wait longer than ~24 days, and a device
    // that slept must look at the clock again. Background tabs fire late, never early.
    const check = () => {
      const remaining = startsAtMs + ENTRY_MARGIN_MS - clock.now();
      if (remaining <= 0) finish();
      else timer = setTimeout(check, Math.min(remaining, 60_000));
    };
    check();
    signal.addEventListener("abort", onAbort);
  });
}
