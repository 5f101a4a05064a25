import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import {
  CALL_ID_LETTERS,
  CALL_ID_PATTERN,
  isCallId,
  newCallId,
  normalizeRoomName,
  parseCallId,
  roomIdFromDigest,
} from "@firecall/model";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz";
/** The largest multiple of 26 that fits in a byte: bytes at or above it would bias the letters. */
const UNBIASED_LIMIT = 234;

/** A randomBytes-like source that hands out `bytes` in order, cycling, and counts its calls. */
function sequence(bytes: number[]) {
  let next = 0;
  return vi.fn((n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes[next++ % bytes.length]!;
    return out;
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("parseCallId", () => {
  const ID = "abcd-efgh-ijkl-mnop";

  it.each([
    ["the id itself", ID],
    ["surrounding spaces", `  ${ID}\t\n`],
    ["upper case", "ABCD-EFGH-IJKL-MNOP"],
    ["mixed case", "AbCd-eFgH-iJkL-mNoP"],
    ["no dashes", "abcdefghijklmnop"],
    ["spaces instead of dashes", "abcd efgh ijkl mnop"],
    ["spaces and dashes mixed", " ABCD - efgh  ijkl-mnop "],
    ["a full /c/ link", "https://x.web.app/c/ABCD-efgh-ijkl-mnop"],
    ["a /c/ link with query and fragment", "https://x.web.app/c/abcd-efgh-ijkl-mnop?utm=1#top"],
    ["a /c/ link with a trailing slash", "https://x.web.app/c/abcdefghijklmnop/"],
    ["an http localhost link", "http://localhost:5173/c/abcd-efgh-ijkl-mnop"],
    ["a percent-encoded /c/ link", "https://x.web.app/c/abcd%20efgh%20ijkl%20mnop"],
    ["a ?call= link", "https://x.web.app/?call=abcd-efgh-ijkl-mnop"],
    ["a ?call= link in upper case", "HTTPS://X.WEB.APP/?call=ABCDEFGHIJKLMNOP"],
    ["a ?call= link among other parameters", "https://x.web.app/join?lang=en&call=abcd-efgh-ijkl-mnop"],
  ])("accepts %s", (_, input) => {
    expect(parseCallId(input)).toEqual({ ok: true, id: ID });
  });

  it.each([
    ["the empty string", ""],
    ["only spaces", "   "],
    ["only whitespace", "\t\n "],
  ])("rejects %s as empty", (_, input) => {
    expect(parseCallId(input)).toEqual({ ok: false, reason: "empty" });
  });

  it.each([
    ["15 letters", "abcd-efgh-ijkl-mno"],
    ["17 letters", "abcd-efgh-ijkl-mnopq"],
    ["a single group", "abcd"],
    ["a digit", "abcd-efgh-ijkl-mn0p"],
    ["all digits", "1234-5678-9012-3456"],
    ["punctuation", "abcd.efgh.ijkl.mnop"],
    ["underscores", "abcd_efgh_ijkl_mnop"],
    ["accented letters", "abcd-éfgh-ijkl-mnop"],
    ["only dashes", "----"],
    ["a link without an id", "https://x.web.app/"],
    ["a link with an empty /c/", "https://x.web.app/c/"],
    ["a link with an empty ?call=", "https://x.web.app/?call="],
    ["a link to another page", "https://x.web.app/about"],
    ["a link with a short id", "https://x.web.app/c/abcd-efgh"],
    ["a link with digits in the id", "https://x.web.app/c/abcd-efgh-ijkl-mn0p"],
    ["a link that does not parse", "https://[not a host]/c/abcd-efgh-ijkl-mnop"],
    ["a link with broken percent-encoding", "https://x.web.app/c/%E0%A4%A"],
    ["a link with an invalid escape", "https://x.web.app/c/abcd%ZZefgh"],
    ["a link whose host merely contains the id", "https://abcdefghijklmnop.example/"],
  ])("rejects %s as malformed", (_, input) => {
    expect(parseCallId(input)).toEqual({ ok: false, reason: "malformed" });
  });

  it("round-trips every id it produces", () => {
    for (let i = 0; i < 50; i++) {
      const id = newCallId((n) => randomBytes(n));
      expect(parseCallId(id)).toEqual({ ok: true, id });
      expect(parseCallId(`https://x.web.app/c/${id.toUpperCase()}`)).toEqual({ ok: true, id });
    }
  });
});

describe("isCallId", () => {
  it("accepts only the canonical form", () => {
    expect(isCallId("abcd-efgh-ijkl-mnop")).toBe(true);
    expect(isCallId("ABCD-EFGH-IJKL-MNOP")).toBe(false);
    expect(isCallId("abcdefghijklmnop")).toBe(false);
    expect(isCallId(" abcd-efgh-ijkl-mnop")).toBe(false);
    expect(isCallId("abcd-efgh-ijkl-mnop-")).toBe(false);
    expect(isCallId("")).toBe(false);
  });
});

describe("newCallId", () => {
  it("has the canonical format with crypto randomness", () => {
    for (let i = 0; i < 200; i++)
      expect(newCallId((n) => randomBytes(n))).toMatch(/^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/);
    expect(CALL_ID_LETTERS).toBe(16);
    expect(CALL_ID_PATTERN.source).toBe("^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$");
  });

  it("maps bytes to letters modulo 26", () => {
    expect(newCallId(sequence(range(0, 16)))).toBe("abcd-efgh-ijkl-mnop");
    expect(newCallId(sequence(range(26, 42)))).toBe("abcd-efgh-ijkl-mnop");
    expect(newCallId(sequence([25, 51, 233]))).toBe("zzzz-zzzz-zzzz-zzzz");
  });

  it(`rejects bytes >= ${UNBIASED_LIMIT} (they would bias the distribution)`, () => {
    // Every rejected byte value, interleaved with the letters a..p.
    const rejected = range(UNBIASED_LIMIT, 256);
    const bytes = range(0, 16).flatMap((b, i) => [
      rejected[i % rejected.length]!,
      b,
      rejected[(i + 7) % rejected.length]!,
    ]);
    expect(newCallId(sequence(bytes))).toBe("abcd-efgh-ijkl-mnop");
  });

  it("accepts byte 233, the last unbiased one", () => {
    expect(newCallId(sequence([233, UNBIASED_LIMIT]))).toBe("zzzz-zzzz-zzzz-zzzz");
  });

  it("asks for more bytes when a pool is used up by rejections", () => {
    const source = sequence([...Array(32).fill(255), ...range(0, 32)]);
    expect(newCallId(source)).toBe("abcd-efgh-ijkl-mnop");
    expect(source).toHaveBeenCalledTimes(2);
  });

  it("maps the 234 unbiased byte values onto each letter exactly 9 times", () => {
    const counts = new Map<string, number>();
    for (let b = 0; b < UNBIASED_LIMIT; b++) {
      const letter = ALPHABET[b % 26]!;
      expect(newCallId(sequence([b]))).toBe([1, 2, 3, 4].map(() => letter.repeat(4)).join("-"));
      counts.set(letter, (counts.get(letter) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join("")).toBe(ALPHABET);
    for (const letter of ALPHABET) expect(counts.get(letter)).toBe(9);
  });

  it("skips every byte value from 234 to 255", () => {
    for (let b = UNBIASED_LIMIT; b < 256; b++) {
      // Interleaved with a byte for a different letter: only that letter may appear.
      const filler = ((b % 26) + 1) % 26;
      const other = ALPHABET[filler]!;
      expect(newCallId(sequence([b, filler]))).toBe([1, 2, 3, 4].map(() => other.repeat(4)).join("-"));
    }
  });

  it("produces distinct ids that use the whole alphabet with crypto randomness", () => {
    const ids = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = newCallId((n) => randomBytes(n));
      ids.add(id);
      for (const ch of id.replace(/-/g, "")) seen.add(ch);
    }
    expect(ids.size).toBe(1000);
    expect([...seen].sort().join("")).toBe(ALPHABET);
  });
});

describe("roomIdFromDigest", () => {
  const sha256 = (text: string) => new Uint8Array(createHash("sha256").update(text, "utf8").digest());

  it("is deterministic and well-formed", () => {
    const a = roomIdFromDigest(sha256("team standup"));
    expect(a).toMatch(CALL_ID_PATTERN);
    expect(roomIdFromDigest(sha256("team standup"))).toBe(a);
    expect(roomIdFromDigest(sha256("team standup!"))).not.toBe(a);
  });

  it("does not mutate the digest", () => {
    const digest = sha256("x");
    const copy = Uint8Array.from(digest);
    roomIdFromDigest(digest);
    expect(digest).toEqual(copy);
  });

  it("maps the digest's bytes in order, skipping biased ones", () => {
    const digest = new Uint8Array([250, ...range(0, 8), 234, 255, ...range(8, 16), ...range(100, 113)]);
    expect(digest).toHaveLength(32);
    expect(roomIdFromDigest(digest)).toBe("abcd-efgh-ijkl-mnop");
  });

  it("wraps around a digest with fewer than 16 usable bytes", () => {
    const digest = new Uint8Array(32).fill(255);
    digest[3] = 0; // a
    digest[20] = 1; // b
    expect(roomIdFromDigest(digest)).toBe("abab-abab-abab-abab");
  });

  it("gives well-formed, distinct ids for many names", () => {
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const id = roomIdFromDigest(sha256(`room ${i}`));
      expect(id).toMatch(CALL_ID_PATTERN);
      ids.add(id);
    }
    expect(ids.size).toBe(500);
  });
});

describe("normalizeRoomName", () => {
  it.each([
    ["Team Standup", "team standup"],
    ["  Team  Standup  ", "team standup"],
    ["team\tstandup\n", "team standup"],
    ["TEAM \u00a0 STANDUP", "team standup"],
    ["a  b   c", "a b c"],
    ["already normal", "already normal"],
    ["", ""],
    ["   ", ""],
  ])("normalizes %j to %j", (input, expected) => {
    expect(normalizeRoomName(input)).toBe(expected);
  });

  it("makes differently typed names meet in the same room", () => {
    const id = (name: string) =>
      roomIdFromDigest(new Uint8Array(createHash("sha256").update(normalizeRoomName(name), "utf8").digest()));
    expect(id("  Team   STANDUP ")).toBe(id("team standup"));
    expect(id("team standup")).not.toBe(id("teamstandup"));
  });
});

describe("parseCallId with a link pasted without its scheme", () => {
  it("accepts host/c/<id>", () => {
    expect(parseCallId("  firecall.web.app/c/ABCD-efgh-ijkl-mnop ")).toEqual({ ok: true, id: "abcd-efgh-ijkl-mnop" });
  });

  it("still rejects a bare path that is not a link", () => {
    expect(parseCallId("c/abcd-efgh-ijkl-mnop")).toEqual({ ok: false, reason: "malformed" });
  });
});
