import { describe, expect, it } from "vitest";
import { chatParts } from "../../web/src/format/chat-links.js";

describe("chatParts", () => {
  it("turns http and https addresses into links, keeping the text around them", () => {
    expect(chatParts("see https://example.com/a?b=1, and http://x.org.")).toEqual([
      { text: "see " },
      { text: "https://example.com/a?b=1", href: "https://example.com/a?b=1" },
      { text: ", and " },
      { text: "http://x.org", href: "http://x.org/" },
      { text: "." },
    ]);
  });

  it("never links javascript:, data: or other schemes", () => {
    for (const text of [
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "JaVaScRiPt:alert(1) https",
      "file:///etc/passwd",
      "ftp://example.com",
    ]) {
      expect(chatParts(text)).toEqual([{ text }]);
    }
  });

  it("leaves a message without addresses as one piece, and an address that is not valid as text", () => {
    expect(chatParts("hello")).toEqual([{ text: "hello" }]);
    expect(chatParts("http://[bad")).toEqual([{ text: "http://[bad" }]);
  });
});
