// fast-check arbitraries for the REST API fuzz test: each field gets well-formed values, values
// at and past every limit, and hostile ones (control characters, lone surrogates, reserved keys,
// Firestore's time range edges, private webhook hosts, deep nesting), mixed with anything at all.
import fc from "fast-check";

const nasty = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "a\u0007b",
  "\u001b[31m",
  "x\ry",
  "x\r\ny",
  "\ud800",
  "\udfff",
  "\u202e",
  "__proto__",
  "__x__",
  "__name__",
  "constructor",
  "toString",
  "a/b",
  "../..",
  "%00",
  "😀".repeat(60),
  "é".repeat(101),
  "x".repeat(201),
  "x".repeat(501),
);

/** Any string: printable, full Unicode (surrogates included), or a hostile constant. */
export const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ maxLength: 600 }),
  nasty,
);

const brackets = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
// As values the test can still stringify; the thousands-deep ones travel as text (deepBody).
const deep = fc.integer({ min: 2, max: 1000 }).map((n) => JSON.parse(brackets(n)) as unknown);

/** Raw bodies nested up to the 16 KiB limit allows (thousands of levels), in a field or in metadata. */
export const deepBody = fc
  .tuple(fc.integer({ min: 2, max: 8000 }), fc.boolean())
  .map(([n, inTitle]) => (inTitle ? `{"title":${brackets(n)}}` : `{"metadata":{"a":${brackets(n)}}}`));

/** Any JSON value, sometimes nested far deeper than any request needs. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deep },
);

const FIRESTORE_MIN = -62_135_596_800_000;
const FIRESTORE_MAX = 253_402_300_799_999;
const offset = fc.constantFrom("Z", "+00:00", "-23:59", "+23:59", "+05:30", "-08:00", "");

/** Times as RFC 3339 text: near now (valid), far away, at Firestore's edges, or malformed. */
export const timeText = fc.oneof(
  fc
    .integer({ min: -10 * 60_000, max: 400 * 24 * 3600_000 })
    .chain((delta) => offset.map((o) => new Date(Date.now() + delta).toISOString().replace("Z", o))),
  fc
    .integer({ min: FIRESTORE_MIN, max: FIRESTORE_MAX })
    .chain((ms) => offset.map((o) => new Date(ms).toISOString().replace("Z", o))),
  fc.constantFrom(
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59.999999999Z",
    "0001-01-01T00:00:00+23:59",
    "0000-01-01T00:00:00Z",
    "2027-02-30T10:00:00Z",
    "2027-01-01T24:00:00Z",
    "2027-01-01",
    "tomorrow",
  ),
  anyString,
);

const numberish = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(29, 30, 86400, 86401, -1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2),
);

const metadata = fc.oneof(
  fc.dictionary(fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/), nasty, anyString), fc.oneof(anyString, anyJson), {
    maxKeys: 24,
  }),
  anyJson,
);

const optional = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anyJson);

/** POST /v1/calls bodies: each documented field optional, wrong types mixed in, unknown keys sometimes. */
export const createBody = fc
  .tuple(
    fc.record(
      {
        startsAt: optional(timeText),
        title: optional(anyString),
        emptyTimeoutSeconds: optional(numberish),
        host: optional(anyString),
        guest: optional(anyString),
        metadata,
      },
      { requiredKeys: [] },
    ),
    fc.option(fc.dictionary(fc.oneof(nasty, fc.string({ maxLength: 12 })), anyJson, { maxKeys: 2 }), {
      nil: undefined,
    }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }) as Record<string, unknown>);

/** PATCH bodies (and bodies sent to /end, which takes none). */
export const patchBody = fc.oneof(
  fc.record(
    { startsAt: optional(timeText), title: optional(anyString), emptyTimeoutSeconds: optional(numberish) },
    { requiredKeys: [] },
  ),
  createBody,
);

/** Idempotency-Key header values that fetch can send (Latin-1, no CR, LF or NUL), valid or not. */
export const idempotencyKey = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]{1,255}$/),
  fc.stringMatching(/^[\x20-\x7e]{0,300}$/),
  fc.constantFrom("two words", "k".repeat(256), "é"),
);

/** Percent-encodes any string as a path segment (lone surrogates travel as U+FFFD's UTF-8). */
function pathSegment(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((b) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, "0")}`,
    )
    .join("");
}

const idText = fc.oneof(
  fc.stringMatching(/^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/),
  fc.stringMatching(/^[a-z0-9-]{1,70}$/),
  anyString,
);

/** /v1/calls/<something>: real-looking ids, ids of the wrong shape, anything (percent-encoded). */
export const callPath = idText.map((id) => `/v1/calls/${pathSegment(id)}`);

export const webhookId = fc
  .oneof(fc.stringMatching(/^wh_[a-f0-9]{24}$/), fc.stringMatching(/^[A-Za-z0-9_]{1,70}$/), anyString)
  .map(pathSegment);

const cursorText = fc.oneof(
  fc
    .tuple(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(FIRESTORE_MIN - 1, FIRESTORE_MAX + 1)), idText)
    .map((v) => Buffer.from(JSON.stringify(v)).toString("base64url")),
  anyJson.map((v) => Buffer.from(JSON.stringify(v) ?? "").toString("base64url")),
  anyString,
);

/** Query strings for GET /v1/calls: the documented parameters with any values, unknown ones, repeats. */
export const listQuery = fc
  .array(
    fc.oneof(
      fc.tuple(fc.constant("status"), fc.oneof(fc.constantFrom("scheduled", "open", "ended", "x"), anyString)),
      fc.tuple(fc.constantFrom("from", "to"), timeText),
      fc.tuple(fc.constant("limit"), fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), anyString)),
      fc.tuple(fc.constant("cursor"), cursorText),
      fc.tuple(anyString, anyString),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString());

const host = fc.oneof(
  fc.constantFrom(
    "169.254.169.254",
    "metadata.google.internal",
    "127.0.0.1",
    "localhost",
    "[::1]",
    "[::ffff:7f00:1]",
    "2130706433",
    "0x7f.1",
    "0177.0.0.1",
    "0.0.0.0",
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "[fd00::1]",
    "[fe80::1]",
    "hooks.example.org",
    "8.8.8.8",
  ),
  fc.domain(),
);

/** POST /v1/webhooks bodies: https and other schemes to hostile and ordinary hosts, any events. */
export const webhookBody = fc.record(
  {
    url: fc.oneof(
      fc
        .tuple(
          fc.constantFrom("https", "http", "ftp", "javascript"),
          host,
          fc.option(fc.integer({ min: 0, max: 70000 })),
        )
        .map(([scheme, h, port]) => `${scheme}://${h}${port === null ? "" : `:${port}`}/hook`),
      anyString,
      anyJson,
    ),
    events: fc.oneof(
      fc.subarray(["call.created", "call.opened", "participant.joined", "participant.left", "call.ended"]),
      fc.array(anyString, { maxLength: 3 }),
      anyJson,
    ),
  },
  { requiredKeys: [] },
);

/** Request bodies as raw text: JSON or not, objects or not. */
export const rawText = fc.oneof(
  anyJson.map((v) => JSON.stringify(v) ?? ""),
  createBody.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom("{", "null", '"call"', "[]", "{}", "\u0000", '{"title": "x"', "1e400"),
);
