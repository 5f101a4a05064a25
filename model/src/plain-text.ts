/**
 * What a one-line label (a title, a display name) may contain. Shared by the functions (which
 * refuse) and the web app (which can check a form the same way). Control characters would reach
 * calendar files, webhooks and other people's screens: NUL, BEL, ESC (terminal escapes), a bare
 * CR or a line break (header and .ics injection), DEL and the C1 controls; bidirectional overrides
 * and isolates make a name display as something else. Lone UTF-16 surrogates are not text at all.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above; tab, line feed and carriage return are allowed
const FREE_TEXT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be a one-line label, or null when it can. */
export function labelProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return "is not valid Unicode text";
  if (CONTROL.test(text)) return "must not contain control characters (such as line breaks, tabs, NUL or ESC)";
  if (BIDI_CONTROL.test(text)) return "must not contain bidirectional-override or line-separator characters";
  return null;
}

/** Why `text` cannot be a free-text value (tabs and line breaks allowed), or null when it can. */
export function freeTextProblem(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return "is not valid Unicode text";
  if (FREE_TEXT_CONTROL.test(text)) return "must not contain control characters other than tabs and line breaks";
  return null;
}

/**
 * A display name as a participant may show it to the other, or null when `raw` cannot be one
 * (not a string, empty once trimmed, longer than `maxLength`, or not a label). Used on both ends:
 * the join screen sends only what passes, and the other side shows only what passes.
 */
export function cleanDisplayName(raw: unknown, maxLength: number): string | null {
  if (typeof raw !== "string") return null;
  const name = raw.trim();
  if (!name || name.length > maxLength || labelProblem(name) !== null) return null;
  return name;
}
