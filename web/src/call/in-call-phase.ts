import type { CallPhase, OtherPresence } from "./call-state.js";
import type { LinkState } from "./peer-session.js";

/**
 * The phase of a joined page, from who is here and the state of the connection: waiting while
 * the other person is not here (never came, left, or dropped), connected while the link is up,
 * otherwise connecting (the first time) or reconnecting.
 */
export function inCallPhase(other: OtherPresence, link: LinkState, everConnected: boolean): CallPhase {
  if (other !== "here") return "waiting";
  if (link === "up") return "connected";
  return everConnected ? "reconnecting" : "connecting";
}
