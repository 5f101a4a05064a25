import { describe, expect, it } from "vitest";
import { CHAT_MAX_LENGTH, parseChannelMessage } from "../../web/src/call/chat-protocol.js";

describe("parseChannelMessage", () => {
  it("accepts a chat message and a bye", () => {
    expect(parseChannelMessage(JSON.stringify({ type: "chat", id: "x", text: "hi", sentAt: 1 }))).toEqual({
      type: "chat",
      id: "x",
      text: "hi",
      sentAt: 1,
    });
    expect(parseChannelMessage('{"type":"bye"}')).toEqual({ type: "bye" });
  });

  it.each([
    ["not JSON", "hello"],
    ["not a string", 42],
    ["empty text", JSON.stringify({ type: "chat", id: "x", text: "", sentAt: 1 })],
    ["text too long", JSON.stringify({ type: "chat", id: "x", text: "a".repeat(CHAT_MAX_LENGTH + 1), sentAt: 1 })],
    ["missing id", JSON.stringify({ type: "chat", text: "hi", sentAt: 1 })],
    ["unknown type", JSON.stringify({ type: "shout", text: "hi" })],
    ["null", "null"],
  ])("drops %s", (_, raw) => {
    expect(parseChannelMessage(raw)).toBeNull();
  });
});
