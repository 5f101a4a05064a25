import { describe, expect, it } from "vitest";
import { buildIcs, foldLine, icsText, icsUtc } from "../../functions/src/shared/ics";

const call = {
  id: "abcd-efgh-ijkm-nopq",
  title: "Design review; v2, final",
  startsAtMs: Date.parse("2026-12-01T15:00:00Z"),
  joinUrl: "https://example.test/c/abcd-efgh-ijkm-nopq",
  stampMs: Date.parse("2026-11-25T12:00:00Z"),
};

describe("buildIcs", () => {
  it("writes one UTC event with the join link, CRLF line ends", () => {
    const ics = buildIcs(call);
    expect(ics.endsWith("\r\n")).toBe(true);
    const lines = ics.split("\r\n").slice(0, -1);
    expect(lines).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Firecall//Video calls//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:abcd-efgh-ijkm-nopq@firecall",
      "SEQUENCE:0",
      "DTSTAMP:20261125T120000Z",
      "DTSTART:20261201T150000Z",
      "DTEND:20261201T153000Z",
      "SUMMARY:Design review\\; v2\\, final",
      "DESCRIPTION:Join the video call: https://example.test/c/abcd-efgh-ijkm-nopq",
      "LOCATION:https://example.test/c/abcd-efgh-ijkm-nopq",
      "URL:https://example.test/c/abcd-efgh-ijkm-nopq",
      "STATUS:CONFIRMED",
      "END:VEVENT",
      "END:VCALENDAR",
    ]);
  });

  it("marks a cancelled call for removal and carries the sequence", () => {
    const ics = buildIcs({ ...call, cancelled: true, sequence: 3 });
    expect(ics).toContain("METHOD:CANCEL\r\n");
    expect(ics).toContain("STATUS:CANCELLED\r\n");
    expect(ics).toContain("SEQUENCE:3\r\n");
  });

  it("names an untitled call", () => {
    expect(buildIcs({ ...call, title: null })).toContain("SUMMARY:Video call\r\n");
  });
});

describe("ics helpers", () => {
  it("formats UTC times without separators", () => {
    expect(icsUtc(Date.parse("2027-01-02T03:04:05.678Z"))).toBe("20270102T030405Z");
  });

  it("escapes text values", () => {
    expect(icsText("a\\b;c,d\ne")).toBe("a\\\\b\\;c\\,d\\ne");
  });

  it("turns every line break into \\n and leaves out the control characters TEXT cannot hold", () => {
    expect(icsText("a\r\nb\rc\nd")).toBe("a\\nb\\nc\\nd");
    expect(icsText("nul\u0000 bel\u0007 esc\u001b[31m del\u007f vt\u000b ff\u000c")).toBe("nul bel esc[31m del vt ff");
    expect(icsText("tab\tkept")).toBe("tab\tkept");
    expect(icsText('plain: "quoted" é 😀')).toBe('plain: "quoted" é 😀');
  });

  it("keeps a hostile title inside its SUMMARY line (no injected properties, no stray controls)", () => {
    const title = "Hi\r\nATTENDEE:mailto:evil@example.com\rEND:VEVENT\nX;Y,Z\\\u0000\u001b";
    const ics = buildIcs({ ...call, title });
    const lines = ics.split("\r\n").slice(0, -1);
    // Unfolded, every line is a known property of ours; nothing else starts a line.
    const unfolded = ics.replace(/\r\n /g, "").split("\r\n").slice(0, -1);
    expect(unfolded.map((l) => l.split(/[:;]/)[0])).toEqual([
      "BEGIN",
      "VERSION",
      "PRODID",
      "CALSCALE",
      "METHOD",
      "BEGIN",
      "UID",
      "SEQUENCE",
      "DTSTAMP",
      "DTSTART",
      "DTEND",
      "SUMMARY",
      "DESCRIPTION",
      "LOCATION",
      "URL",
      "STATUS",
      "END",
      "END",
    ]);
    expect(unfolded).toContain("SUMMARY:Hi\\nATTENDEE:mailto:evil@example.com\\nEND:VEVENT\\nX\\;Y\\,Z\\\\");
    // eslint-disable-next-line no-control-regex -- looking for control characters
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
  });

  it("folds lines at 75 octets without splitting a character", () => {
    const line = "SUMMARY:" + "é".repeat(60);
    const folded = foldLine(line);
    const parts = folded.split("\r\n");
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((p) => p.startsWith(" "))).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join("")).toBe(line);
  });
});
