/** A chat message cut into plain text and links, so a view can render links without HTML. */
export type ChatPart = { text: string } | { text: string; href: string };

/** Candidates: http(s) addresses up to whitespace or a character that never ends one in prose. */
const URLISH = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that usually closes the sentence rather than the address. */
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Only http: and https: addresses become links (never javascript:, data: or anything else: they
 * are not even matched); everything else stays text.
 */
export function chatParts(text: string): ChatPart[] {
  const parts: ChatPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URLISH)) {
    const raw = match[0].replace(TRAILING, "");
    const start = match.index;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
