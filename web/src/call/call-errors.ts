/** Why a call cannot be entered (or is over), each with the sentence the page shows. */
export type CallProblem =
  | "malformed"
  | "not-found"
  | "full"
  | "ended"
  | "ended-by-host"
  | "ended-by-you"
  | "expired"
  | "cancelled"
  | "permission"
  | "network"
  // the connection itself (see connection-watchdog.ts), and a takeover by another tab
  | "relay"
  | "unreachable"
  | "lost"
  | "replaced";

export const PROBLEM_MESSAGES: Record<CallProblem, string> = {
  malformed: "That is not a valid call id. A call id looks like abcd-efgh-ijkm-nopq.",
  "not-found": "There is no call with this id. Check the link or ask for a new one.",
  full: "This call is full: two people are already in it.",
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
  lost: "The connection to the other person was lost and could not be restored. Try again to rejoin the call.",
  replaced: "This call was opened in another tab or window, so it continues there.",
};

/** An error that carries a CallProblem code, so the UI never shows a raw SDK message. */
export class CallError extends Error {
  constructor(readonly problem: CallProblem) {
    super(PROBLEM_MESSAGES[problem]);
    this.name = "CallError";
  }
}

/** Maps a Firebase SDK error code to the problem a person can act on. */
export function problemFromFirebase(err: unknown): CallProblem {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (code === "permission-denied" || code === "functions/permission-denied") return "permission";
  if (code === "not-found" || code === "functions/not-found") return "not-found";
  return "network";
}

/** The message for a call that is over, by how it ended: `live` when the person was in it. */
export function endedProblem(status: string, endReason: string | null, live: boolean): CallProblem {
  if (status === "expired" || endReason === "expired") return "expired";
  if (status === "cancelled" || endReason === "cancelled") return "cancelled";
  return live && endReason === "ended_by_host" ? "ended-by-host" : "ended";
}

/** The sentence in a callable's error, without the HTTP status the SDK appends ("… [400]"). */
export function callableMessage(err: unknown, fallback: string): string {
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === "string" && message ? message.replace(/\s*\[\d{3}\]$/, "") : fallback;
}
