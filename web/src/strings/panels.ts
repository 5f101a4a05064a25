/** The chat panel's words (web/src/components/chat-panel.ts). */
export const CHAT_STRINGS = {
  log: "Chat messages",
  input: "Message",
  placeholder: "Write a message",
  closedPlaceholder: "Chat opens when connected",
  send: "Send",
} as const;

/** The connection-quality line (web/src/components/connection-quality.ts). */
export const QUALITY_STRINGS = {
  label: "Connection quality",
  relay: "Relayed",
  direct: "Direct",
  unknownRoute: "Route unknown",
  rtt: (ms: number) => `${ms} ms`,
  loss: (percent: number) => `${percent}% loss`,
  outgoing: (kbps: number) => `${kbps} kbit/s out`,
} as const;
