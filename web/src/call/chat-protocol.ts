import { decodeParticipant, type ParticipantState } from "@firecall/model";

/** Messages on the chat data channel: chat, what a participant shows about itself, goodbye. */
export type ChannelMessage =
  | { type: "chat"; id: string; text: string; sentAt: number }
  | ({ type: "participant" } & ParticipantState)
  | { type: "bye" };

export const CHAT_MAX_LENGTH = 2000;

/** Parses a data channel message; anything malformed is dropped (returns null). */
export function parseChannelMessage(raw: unknown): ChannelMessage | null {
  if (typeof raw !== "string" || raw.length > CHAT_MAX_LENGTH * 2) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.type === "bye") return { type: "bye" };
  // Same decoding as their signals document: a bad name is dropped, bad flags take the default.
  if (m.type === "participant") return { type: "participant", ...decodeParticipant(m) };
  if (
    m.type === "chat" &&
    typeof m.id === "string" &&
    m.id.length <= 64 &&
    typeof m.text === "string" &&
    m.text.length > 0 &&
    m.text.length <= CHAT_MAX_LENGTH &&
    typeof m.sentAt === "number" &&
    Number.isFinite(m.sentAt)
  ) {
    return { type: "chat", id: m.id, text: m.text, sentAt: m.sentAt };
  }
  return null;
}
