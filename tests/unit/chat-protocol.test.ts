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

  it("decodes what the other person says about themselves as untrusted input", () => {
    const clean = { type: "participant", displayName: " Sam ", micOn: false, cameraOn: true, screenSharing: true };
    expect(parseChannelMessage(JSON.stringify(clean))).toEqual({ ...clean, displayName: "Sam" });
    const hostile = { type: "participant", displayName: "Sam\u202e\n", micOn: "off", cameraOn: 0, extra: "x" };
    expect(parseChannelMessage(JSON.stringify(hostile))).toEqual({
      type: "participant",
      displayName: null,
      micOn: true,
      cameraOn: true,
      screenSharing: false,
    });
  });

  it.each([
    ["not JSON", "hello"],
    ["not a string", 42],
    ["empty text", JSON.stringify({ type: "chat", id: "x", text: "", sentAt: 1 })],
    ["text too long", JSON.stringify({ type: "chat", id: "x", text: "a".repeat(CHAT_MAX_LENGTH + 1), sentAt: 1 })],
    ["missing id", JSON.stringify({ type: "chat", text: "hi", sentAt: 1 })],
    ["an id too long", JSON.stringify({ type: "chat", id: "x".repeat(65), text: "hi", sentAt: 1 })],
    ["a time that is not a number", JSON.stringify({ type: "chat", id: "x", text: "hi", sentAt: "now" })],
    ["unknown type", JSON.stringify({ type: "shout", text: "hi" })],
    ["null", "null"],
  ])("drops %s", (_, raw) => {
    expect(parseChannelMessage(raw)).toBeNull();
  });
});
