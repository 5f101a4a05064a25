/** Why a call cannot be entered (or is over); the UI says each in words (strings/call.ts). */
export type CallProblem =
  | "malformed"
  | "not-found"
  | "full"
  | "host-seat-kept"
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
  | "replaced";

/** An error that carries a CallProblem code, so the UI never shows a raw SDK message. */
export class CallError extends Error {
  constructor(readonly problem: CallProblem) {
    super(`call problem: ${problem}`);
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
