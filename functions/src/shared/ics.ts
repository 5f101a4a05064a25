/**
 * An "Add to calendar" file for a call: one RFC 5545 VEVENT in UTC with the join link in it.
 * Shared by the web app (which offers it as a download) and the functions.
 */

export interface CalendarCall {
  id: string;
  title: string | null;
  startsAtMs: number;
  joinUrl: string;
  /** When this file is made (DTSTAMP). */
  stampMs: number;
  /** Increases with every reschedule, so calendars replace the old entry. */
  sequence?: number;
  cancelled?: boolean;
  durationMinutes?: number;
}

const DEFAULT_DURATION_MINUTES = 30;

/** 20261201T150000Z */
export function icsUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, every line break
 * (CRLF, LF or a bare CR) becomes `\n`, and the other control characters, which TEXT cannot hold
 * at all (CONTROL: U+0000–U+0008, U+000A–U+001F, U+007F; a tab is allowed), are left out, so no
 * title can end a line early or smuggle in a property of its own.
 */
export function icsText(text: string): string {
  return (
    text
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "")
  );
}

/** Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of line) {
    const n = encoder.encode(ch).length;
    const limit = parts.length === 0 ? 75 : 74; // continuation lines start with one space
    if (size + n > limit) {
      parts.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += n;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

export function buildIcs(call: CalendarCall): string {
  const summary = call.title?.trim() || "Video call";
  const end = call.startsAtMs + (call.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Firecall//Video calls//EN",
    "CALSCALE:GREGORIAN",
    `METHOD:${call.cancelled ? "CANCEL" : "PUBLISH"}`,
    "BEGIN:VEVENT",
    `UID:${call.id}@firecall`,
    `SEQUENCE:${call.sequence ?? 0}`,
    `DTSTAMP:${icsUtc(call.stampMs)}`,
    `DTSTART:${icsUtc(call.startsAtMs)}`,
    `DTEND:${icsUtc(end)}`,
    `SUMMARY:${icsText(summary)}`,
    `DESCRIPTION:${icsText(`Join the video call: ${call.joinUrl}`)}`,
    `LOCATION:${icsText(call.joinUrl)}`,
    `URL:${call.joinUrl}`,
    `STATUS:${call.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
