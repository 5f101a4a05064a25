import type { CallState } from "../call/call-client.js";
import { PROBLEM_MESSAGES } from "../call/call-errors.js";

/** The sentence that tells the person where the call stands. */
export function statusText(state: CallState | null): string {
  if (!state) return "Opening the call…";
  switch (state.phase) {
    case "checking":
      return "Checking the call…";
    case "lobby":
      return "This call has not started yet. You will be let in when it starts.";
    case "resuming":
      return "You were away too long. Joining again…";
    case "ready":
      return "Ready to join.";
    case "joining":
      return "Joining…";
    case "waiting":
      return state.remoteLeft
        ? "The other person left the call. Waiting for them to come back…"
        : "Waiting for the other person to join…";
    case "connecting":
      return "Connecting…";
    case "connected":
      return "Connected.";
    case "reconnecting":
      return "Connection lost. Reconnecting…";
    case "left":
      return "You left the call.";
    case "ended":
      return PROBLEM_MESSAGES[state.problem ?? "ended"];
    case "error":
      return PROBLEM_MESSAGES[state.problem ?? "network"];
  }
}
