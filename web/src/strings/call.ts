/**
 * The call screens' words (web/src/strings/ holds every sentence the app shows, by screen): the
 * call client below reports codes and states, and only the UI turns them into words. Whole
 * sentences with named values, never glued fragments, so a translation is a copy of these files.
 */
import type { CallProblem } from "../call/call-errors.js";
import type { ActionError, CallState } from "../call/call-state.js";
import type { AttentionEvent } from "../controllers/attention-events.js";
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

/** Why the camera, the microphone or both could not start: whole sentences, so a translation needs no glue. */
const NOT_STARTED = {
  denied: {
    camera: "Access to your camera was blocked. The other person will hear you but not see you.",
    microphone: "Access to your microphone was blocked. The other person will see you but not hear you.",
    both: "Access to your camera and microphone was blocked. You can still join to see and hear the other person.",
  },
  missing: {
    camera: "No camera was found. The other person will hear you but not see you.",
    microphone: "No microphone was found. The other person will see you but not hear you.",
    both: "No camera or microphone was found. You can still join to see and hear the other person.",
  },
  busy: {
    camera: "Your camera is in use by another application. The other person will hear you but not see you.",
    microphone: "Your microphone is in use by another application. The other person will see you but not hear you.",
    both: "Your camera and microphone are in use by another application. You can still join to see and hear the other person.",
  },
  other: {
    camera: "Your camera could not be started. The other person will hear you but not see you.",
    microphone: "Your microphone could not be started. The other person will see you but not hear you.",
    both: "Your camera and microphone could not be started. You can still join to see and hear the other person.",
  },
} as const;

const LOST = {
  camera: {
    fallback: "Your camera stopped working, so another one is used now.",
    none: "Your camera stopped working and no other one was found.",
  },
  microphone: {
    fallback: "Your microphone stopped working, so another one is used now.",
    none: "Your microphone stopped working and no other one was found.",
  },
  both: {
    fallback: "Your camera and microphone stopped working, so others are used now.",
    none: "Your camera and microphone stopped working and no others were found.",
  },
} as const;

/** Why some media is missing or changed, and what follows for the call. */
export function mediaNoticeText(notice: MediaNotice): string {
  if (notice.why === "unsupported")
    return "This browser cannot use a camera or microphone here; you can still see and hear the other person.";
  if (notice.why === "lost") return LOST[notice.device][notice.fallback ? "fallback" : "none"];
  if (notice.why === "switch-failed")
    return notice.device === "camera"
      ? "That camera could not be started; the previous one is still in use."
      : "That microphone could not be started; the previous one is still in use.";
  return NOT_STARTED[notice.why][notice.missing];
}

/** How to unblock the camera and microphone, for the join screen when access was blocked. */
export const UNBLOCK_HELP =
  "To allow them, click the camera icon or the lock at the left of the address bar, allow Camera and Microphone, then press Try again.";

export const JOIN_STRINGS = {
  heading: "Ready to join?",
  prompting: "Your browser is asking to use your camera and microphone: choose Allow.",
  starting: "Starting your camera and microphone…",
  nameLabel: "Your name",
  namePlaceholder: "How the other person sees you",
  nobodyHere: "Nobody is here yet.",
  join: "Join",
  tryAgain: "Try again",
  checkCamera: "Check your camera",
  micLevel: "Microphone level",
} as const;

/** "Sam is already here" on the join screen. */
export const alreadyHere = (name: string | null) =>
  name ? `${name} is already here.` : "The other person is already here.";

export const DEVICE_STRINGS = {
  camera: { label: "Camera", numbered: (n: number) => `Camera ${n}` },
  microphone: { label: "Microphone", numbered: (n: number) => `Microphone ${n}` },
  speaker: { label: "Speaker", numbered: (n: number) => `Speaker ${n}` },
} as const;

export const CONTROL_STRINGS = {
  mic: "Microphone",
  camera: "Camera",
  share: "Present your screen",
  chat: "Chat",
  shareLink: "Share link",
  settings: "Settings",
  hangUp: "Hang up",
  endForAll: "End call for everyone",
  confirmEnd: "End the call for both of you? Nobody can join it again.",
  confirmEndYes: "End it for everyone",
  cancel: "Cancel",
  flipCamera: "Switch camera",
  hideSelf: "Hide my own video",
  sounds: "Play a sound when someone joins or leaves",
  notify: "Notify me when this tab is in the background",
  notifyAsking: "Your browser is asking whether this site may show notifications: choose Allow.",
  notifyBlocked: "This browser blocks notifications from this site. Allow them in the site settings to use this.",
  fullscreen: "Full screen",
  pip: "Picture in picture",
  close: "Close",
  shareFailed: "Your screen could not be shared.",
} as const;

export const TILE_STRINGS = {
  micOff: "Microphone off",
  turnOnSound: "Click to turn on sound",
  you: "You",
  selfView: "Your video. Drag it, or use the arrow keys, to move it to another corner.",
  /** The other person before they gave a name. */
  them: "The other person",
} as const;

/** Up to two initials for a tile whose camera is off ("Sam Lee" → "SL"); "?" without a name. */
export function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase());
  return letters.join("") || "?";
}

export const unreadLabel = (n: number) => (n === 1 ? "1 new message" : `${n} new messages`);

/** "Sam is presenting" over their shared screen. */
export const presenting = (name: string | null) => `${name ?? "The other person"} is presenting.`;
export const YOU_ARE_PRESENTING = "You are presenting your screen.";

/** The tab's title: where the call stands, and unread messages first so they show in a narrow tab. */
export function tabTitle(state: CallState | null, name: string | null, unread: number): string {
  const who = name ?? "the other person";
  const phase = state?.phase;
  let title = "Firecall";
  if (phase === "waiting") title = `Waiting for ${who}…`;
  else if (phase === "connected" || phase === "connecting" || phase === "reconnecting") title = `In call with ${who}`;
  else if (phase === "ready" || phase === "checking" || phase === "joining") title = "Join the call";
  else if (phase === "lobby") title = "Waiting for the call to start";
  else if (phase === "left" || phase === "ended") title = "Call ended";
  return unread > 0 ? `(${unread}) ${title} · Firecall` : `${title} · Firecall`;
}

export const PANEL_LABELS = { chat: "Chat", settings: "Settings", share: "Share this call" } as const;

export const SHARE_STRINGS = {
  share: "Share…",
  title: "Join my Firecall call",
  qrSummary: "Open on a phone (QR code)",
  qrLabel: "QR code of the link to this call",
} as const;

/** For screen readers: the other person's microphone, camera and screen, in one whole sentence. */
export function otherStateText(
  name: string | null,
  s: { micOn: boolean; cameraOn: boolean; screenSharing: boolean },
): string {
  const who = name ?? "The other person";
  if (s.screenSharing)
    return s.micOn ? `${who} is presenting. Microphone on.` : `${who} is presenting. Microphone off.`;
  if (s.micOn) return s.cameraOn ? `${who}: microphone on, camera on.` : `${who}: microphone on, camera off.`;
  return s.cameraOn ? `${who}: microphone off, camera on.` : `${who}: microphone off, camera off.`;
}

export const PAGE_STRINGS = {
  cancelCall: "Cancel this call",
  rejoin: "Rejoin",
  home: "Back to start",
  tryAgain: "Try again",
} as const;

/** A notification while the tab is in the background: what happened, with the other person's name. */
export function notificationText(event: AttentionEvent, name: string | null): { title: string; body: string } {
  const who = name ?? "The other person";
  const back = "Click to go back to the call.";
  if (event.kind === "joined") return { title: `${who} joined the call`, body: back };
  if (event.kind === "left")
    return { title: event.dropped ? `${who}'s connection dropped` : `${who} left the call`, body: back };
  const title = event.count === 1 ? `New message from ${who}` : `${event.count} new messages from ${who}`;
  // A notification shows a few lines at most; the whole message is in the chat.
  const chars = [...event.text];
  return { title, body: chars.length > 200 ? `${chars.slice(0, 199).join("")}…` : event.text };
}
