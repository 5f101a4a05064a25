import type { SecurityCodeProblem } from "../security/security-code.js";

/** Who was compared with: the name the person saved, or a neutral word. */
const who = (label: string) => label || "this person";

/** The security-code panel's words (web/src/components/security-code-panel.ts). `day` is a formatted date. */
export const SECURITY_STRINGS = {
  heading: "Security code",
  waiting: "The security code appears once you are connected.",
  computing: "Working out the security code…",
  unavailable: {
    "no-stats": "This browser does not report which certificates the connection uses, so there is no security code.",
    "unsupported-algorithm":
      "The other browser uses a kind of certificate fingerprint this app cannot check, so there is no security code.",
    "malformed-fingerprint": "The connection reported a certificate fingerprint this app cannot read.",
    "conflicting-transports": "This connection uses more than one pair of certificates, so one code cannot cover it.",
  } satisfies Record<SecurityCodeProblem | "no-stats", string>,
  notRemembered: "This browser cannot save comparisons, so none is remembered.",
  differHeading: "The codes differ: someone may be listening in.",
  differAdvice:
    "Do not say anything private on this call. Hang up and call again; if the codes differ again, this service may be compromised, so talk to them another way.",
  verifiedNow: (label: string) =>
    `Verified: you and ${who(label)} compared this code. Nobody is listening in between you.`,
  verifiedBefore: (label: string, day: string) =>
    `Verified with ${who(label)} before: you compared this code on ${day}. Nobody is listening in between you.`,
  forget: "Forget this comparison",
  changedHeading: (label: string) => `Warning: this is not the code you compared with ${who(label)}.`,
  changedAdvice: (day: string) =>
    `You compared a different code on ${day}. Their browser now uses another key: either they changed or reset their browser, or someone is listening in between you. Compare this new code out loud before you say anything private.`,
  howTo:
    "Read this code to each other, out loud or in person. If both screens show the same digits, nobody is listening in between you.",
  comparedNew: "We compared the new code",
  compared: "We compared it",
  nameLabel: "Their name",
  nameHint: "(saved only on this device)",
  differ: "The codes differ",
} as const;
