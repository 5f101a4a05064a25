/** The start page's words (web/src/components/home-view.ts). English; a translation is a copy of this file. */
export const HOME_STRINGS = {
  title: "Firecall",
  tagline: "Private one-to-one video calls, straight between your browsers.",
  create: {
    heading: "Start a call",
    when: "When",
    now: "Now",
    later: "Schedule for later",
    startsAt: "Starts at (your time zone)",
    pickDateTime: "Pick a date and time.",
    startsOn: (when: string) => `Starts ${when}`,
    titleLabel: "Title (optional)",
    graceLabel: "End the call when everyone has left it for",
    graceChoices: [
      ["", "the default time"],
      ["60", "1 minute"],
      ["900", "15 minutes"],
      ["3600", "1 hour"],
      ["86400", "24 hours"],
    ] as [string, string][],
    creating: "Creating…",
    schedule: "Schedule call",
    createNow: "Create call",
    missingStart: "Pick the date and time the call starts.",
    inPast: "That time has passed: pick a time in the future.",
    tooFar: "Pick a time within the next year.",
    failed: "Could not create a call. Check your connection and try again.",
  },
  join: {
    heading: "Join a call",
    inputLabel: "Call id or link",
    placeholder: "abcd-efgh-ijkm-nopq or the link",
    submit: "Join",
    empty: "Enter a call id or paste the link you were sent.",
    invalid: "That is not a valid call id. A call id looks like abcd-efgh-ijkm-nopq.",
  },
  room: {
    heading: "Meet in a room",
    intro: "Both of you type the same room name.",
    inputLabel: "Room name",
    submit: "Go",
    empty: "Enter a room name.",
    failed: "Could not open the room.",
    full: (name: string) =>
      `The room “${name}” is full: two people are in it. You will be let in as soon as one of them leaves.`,
    stopWaiting: "Stop waiting",
  },
} as const;

/** The app shell's words (web/src/components/app-root.ts). */
export const SHELL_STRINGS = {
  callPageFailed: "Could not load the call page. Check your connection and try again.",
  tryAgain: "Try again",
  openingCall: "Opening the call…",
} as const;

/** The share box under a new call (web/src/components/share-box.ts) and a scheduled call's lobby. */
export const SHARE_BOX_STRINGS = {
  callId: "Call id:",
  linkLabel: "Link to this call",
  copy: "Copy link",
  addToCalendar: "Add to calendar",
  copied: "Link copied.",
  copyByHand: "Press Ctrl+C to copy the selected link.",
  startsOn: (when: string) => `Starts ${when}`,
  startsIn: "Starts in",
} as const;
