/** Dates and durations as people read them, in their own time zone. */

/** "Thursday, 26 November 2026 at 15:00 Central European Standard Time" in the browser's locale. */
export function localDateTime(ms: number, locale?: string, timeZone?: string): string {
  return (
    new Intl.DateTimeFormat(locale, {
      dateStyle: "full",
      timeStyle: "short",
      timeZone,
    }).format(ms) + ` (${zoneName(ms, locale, timeZone)})`
  );
}

/** The time zone's long name at that moment, e.g. "Central European Standard Time". */
export function zoneName(ms: number, locale?: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZoneName: "long", timeZone }).formatToParts(ms);
  return parts.find((p) => p.type === "timeZoneName")?.value ?? "local time";
}

/** "2 d 03:04:05", "03:04:05" or "04:05" until the start; "00:00" once it has come. */
export function countdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock =
    hours > 0 || days > 0 ? `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
  return days > 0 ? `${days} d ${clock}` : clock;
}

/**
 * The value for <input type="datetime-local"> (local wall time, no zone) and back. The browser
 * interprets the wall time in the person's own zone, including daylight-saving changes.
 */
export function toDateTimeLocalValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Milliseconds for a datetime-local value in this browser's zone, or null if it is not one. */
export function fromDateTimeLocalValue(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  const ms = new Date(y, mo - 1, d, h, mi).getTime();
  return Number.isNaN(ms) ? null : ms;
}
