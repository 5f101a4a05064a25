/**
 * Call ids: 16 lowercase letters in four groups, e.g. `bcdf-ghjk-mnpq-rstv`.
 * 26^16 ≈ 2^75, so an id cannot be guessed; the id is the capability to join.
 */

const ALPHABET = "abcdefghijklmnopqrstuvwxyz";
const GROUPS = 4;
const GROUP_LENGTH = 4;
export const CALL_ID_LETTERS = GROUPS * GROUP_LENGTH;
export const CALL_ID_PATTERN = /^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/;

function format(letters: string): string {
  const groups: string[] = [];
  for (let i = 0; i < letters.length; i += GROUP_LENGTH) groups.push(letters.slice(i, i + GROUP_LENGTH));
  return groups.join("-");
}

/** Letters from random bytes, rejecting bytes that would bias the distribution. */
function lettersFrom(nextByte: () => number): string {
  let out = "";
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < CALL_ID_LETTERS) {
    const b = nextByte();
    if (b < limit) out += ALPHABET[b % ALPHABET.length];
  }
  return out;
}

/** A new random call id. `randomBytes` is crypto.getRandomValues-like. */
export function newCallId(randomBytes: (n: number) => Uint8Array): string {
  let pool = randomBytes(32);
  let i = 0;
  return format(
    lettersFrom(() => {
      if (i === pool.length) {
        pool = randomBytes(32);
        i = 0;
      }
      return pool[i++]!;
    }),
  );
}

/** The room id for a room name: derived from SHA-256 of the normalized name, so anyone typing it meets. */
export function roomIdFromDigest(digest: Uint8Array): string {
  let i = 0;
  // A 32-byte digest always holds more than 16 unbiased bytes (each is rejected with p < 2%);
  // past the end we wrap, which only happens for a pathological digest.
  return format(lettersFrom(() => digest[i++ % digest.length]!));
}

/** Trim, fold case and collapse inner whitespace, so "  Team  Standup" and "team standup" meet. */
export function normalizeRoomName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

export type ParsedCallId = { ok: true; id: string } | { ok: false; reason: "empty" | "malformed" };

/**
 * Accepts what people paste: the id, the id without dashes, upper case, surrounding spaces,
 * or the whole link (`https://host/c/<id>` or with `?call=<id>`).
 */
export function parseCallId(input: string): ParsedCallId {
  let text = input.trim();
  if (text === "") return { ok: false, reason: "empty" };
  const fromUrl = idFromUrl(text);
  if (fromUrl !== null) text = fromUrl;
  const letters = text.toLowerCase().replace(/[\s-]/g, "");
  if (!/^[a-z]+$/.test(letters) || letters.length !== CALL_ID_LETTERS) return { ok: false, reason: "malformed" };
  return { ok: true, id: format(letters) };
}

function idFromUrl(text: string): string | null {
  // A link pasted without its scheme ("example.web.app/c/<id>") is still a link.
  if (!/^https?:\/\//i.test(text)) {
    if (!/^[^\s/]+\.[^\s/]+\/c\//i.test(text)) return null;
    text = `https://${text}`;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "";
  }
  const match = /\/c\/([^/?#]+)/.exec(url.pathname);
  if (match) {
    try {
      return decodeURIComponent(match[1]!);
    } catch {
      return ""; // broken percent-encoding: malformed, not a crash
    }
  }
  return url.searchParams.get("call") ?? "";
}

export function isCallId(id: string): boolean {
  return CALL_ID_PATTERN.test(id);
}
