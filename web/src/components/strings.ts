/**
 * Every sentence the call screens show, in one place: the call client below reports codes and
 * states, and only the UI turns them into words.
 */
import type { CallProblem } from "../call/call-errors.js";
import type { ActionError, CallState } from "../call/call-state.js";
import type { MediaNotice } from "../controllers/media-controller.js";

export const PROBLEM_MESSAGES: Record<CallProblem, string> = {
  malformed: "That is not a call link. A call id looks like abcd-efgh-ijkm-nopq.",
  "not-found": "There is no call with this id. Check the link or ask for a new one.",
  full: "This call is full: two people are already in it.",
  "host-seat-kept":
    "This call is full: someone already has the guest seat, and the other seat is kept for the host. Check that you opened the link you were sent.",
  ended: "This call has ended.",
  "ended-by-host": "The call was ended by its host.",
  "ended-by-you": "The call was ended by its host (you).",
  expired: "This call has expired: everyone had left it. Ask for a new link.",
  cancelled: "This call was cancelled by its host.",
  permission: "You are not allowed to join this call.",
  network: "Could not reach the call service. Check your connection and try again.",
  relay: "Cannot reach the relay server, so the call cannot connect. Check your connection or firewall and try again.",
  unreachable:
    "Could not connect to the other person: your networks block a direct connection and no relay server got through. Try again, or try another network.",
  replaced: "This call was opened in another tab or window, so it continues there.",
};

export const ACTION_ERRORS: Record<ActionError, string> = {
  "end-failed": "Could not end the call. Check your connection and try again.",
  "end-denied": "Only the host can end this call for everyone.",
};

export const OFFLINE = "You're offline. We'll reconnect when your network is back.";
export const RECONNECTING = "Connection lost. Reconnecting…";

/** Who the other person is, in a sentence (a name once the call screen knows one). */
const them = (name?: string) => name ?? "The other person";

/** The sentence that tells the person where the call stands. `resuming`: joining again after being counted gone. */
export function statusText(state: CallState | null, resuming = false, name?: string): string {
  if (!state) return resuming ? RECONNECTING : "Opening the call…";
  const inCall = ["waiting", "connecting", "connected", "reconnecting"].includes(state.phase);
  if ((inCall || resuming) && !state.network.online) return OFFLINE;
  if (resuming && ["checking", "ready", "joining", "resuming"].includes(state.phase)) return RECONNECTING;
  switch (state.phase) {
    case "checking":
      return "Checking the call…";
    case "lobby":
      return "This call has not started yet. You will be let in when it starts.";
    case "resuming":
      return RECONNECTING;
    case "ready":
      return "Ready to join.";
    case "joining":
      return "Joining…";
    case "waiting":
      if (state.other.presence === "dropped")
        return `${them(name)}'s connection dropped. Waiting for them to come back…`;
      return state.other.presence === "left"
        ? `${them(name)} left the call. Waiting for them to come back…`
        : `Waiting for ${name ?? "the other person"} to join…`;
    case "connecting":
      return state.other.returned ? `${them(name)} is back. Connecting…` : "Connecting…";
    case "connected":
      return "Connected.";
    case "reconnecting":
      return RECONNECTING;
    case "left":
      return "You left the call.";
    case "ended":
      return PROBLEM_MESSAGES[state.problem ?? "ended"];
    case "error":
      return PROBLEM_MESSAGES[state.problem ?? "network"];
  }
}

/** "just now", "45 seconds ago", "3 minutes ago", "2 hours ago". */
export function ago(sinceMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.floor((nowMs - sinceMs) / 1000));
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${seconds} seconds ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  return hours === 1 ? "1 hour ago" : `${hours} hours ago`;
}

/** The line under the status while someone is away: since when. Null when nothing to say. */
export function awayText(state: CallState | null, nowMs: number): string | null {
  if (!state) return null;
  if (!state.network.online && state.network.offlineSince !== null)
    return `You went offline ${ago(state.network.offlineSince, nowMs)}.`;
  const { presence, since } = state.other;
  if (state.phase !== "waiting" || since === null) return null;
  if (presence === "dropped") return `Dropped ${ago(since, nowMs)}.`;
  if (presence === "left") return `Left ${ago(since, nowMs)}.`;
  return null;
}

/** Why some media is missing, and what follows for the call. */
export function mediaNoticeText(notice: MediaNotice): string {
  if (notice.why === "unsupported")
    return "This browser cannot use a camera or microphone here; you can still see and hear the other person.";
  const missing = { camera: "camera", microphone: "microphone", both: "camera and microphone" }[notice.missing];
  const reason = {
    denied: `Access to your ${missing} was blocked`,
    missing: `No ${missing} was found`,
    busy: `Your ${missing} is in use by another application`,
    other: `Your ${missing} could not be started`,
  }[notice.why];
  const consequence =
    notice.missing === "camera"
      ? "The other person will hear you but not see you."
      : notice.missing === "microphone"
        ? "The other person will see you but not hear you."
        : "You can still join to see and hear the other person.";
  return `${reason}. ${consequence}`;
}
