// The REST API's pure input checks: what once reached Firestore and came back as a 500 is now a
// 400 with its code, decided before anything is read or written.
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH, readJsonBody } from "../../functions/src/api/body";
import { clientAddress, throttleSubject } from "../../functions/src/api/client-address";
import { ApiProblem } from "../../functions/src/api/problem";
import { encodeCursor, readCreateBody, readListQuery } from "../../functions/src/api/validate";
import { freeTextProblem, labelProblem } from "../../functions/src/shared/plain-text";

function problemOf(fn: () => unknown): { status: number; code: string } | "no problem" {
  try {
    fn();
    return "no problem";
  } catch (err) {
    if (err instanceof ApiProblem) return { status: err.status, code: err.code };
    throw err;
  }
}

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const list = (query: string) => () => readListQuery(new URLSearchParams(query));

describe("labels (titles and names)", () => {
  it.each([
    ["NUL", "a\u0000b"],
    ["BEL", "a\u0007b"],
    ["ESC", "red\u001b[31m"],
    ["a bare CR", "a\rb"],
    ["a line feed", "a\nb"],
    ["a tab", "a\tb"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a right-to-left override", "evil\u202Egnp.exe"],
    ["a line separator", "a\u2028b"],
    ["a lone surrogate", "a\ud800b"],
  ])("refuses %s", (_what, text) => {
    expect(labelProblem(text)).not.toBeNull();
  });

  it("accepts ordinary text in any script", () => {
    for (const text of ["Dr. Rivera", "Zoë O'Brien-Smith", "会議", "مرحبا", "👩‍⚕️ Consult #4"]) {
      expect(labelProblem(text)).toBeNull();
    }
  });

  it("lets free text (metadata values) keep tabs and line breaks, not NUL or ESC", () => {
    expect(freeTextProblem("line 1\r\nline 2\tcol")).toBeNull();
    expect(freeTextProblem("a\u0000")).not.toBeNull();
    expect(freeTextProblem("a\u001b[2J")).not.toBeNull();
    expect(freeTextProblem("\udc00")).not.toBeNull();
  });
});

describe("POST /v1/calls body", () => {
  const body = (value: unknown) => () => readCreateBody(value as Record<string, unknown>);

  it.each([
    ["a key Firestore reserves", { metadata: { __x__: "v" } }],
    ["__proto__", JSON.parse('{"metadata":{"__proto__":"v"}}')],
    ["__name__", { metadata: { __name__: "v" } }],
    ["a value with NUL", { metadata: { k: "a\u0000" } }],
  ])("refuses metadata with %s", (_what, value) => {
    expect(problemOf(body(value))).toEqual({ status: 400, code: "invalid_metadata" });
  });

  it("refuses control characters in host and guest names", () => {
    expect(problemOf(body({ host: "Dr\u0007" }))).toEqual({ status: 400, code: "invalid_request" });
    expect(problemOf(body({ guest: "Sam\rX-Injected: 1" }))).toEqual({ status: 400, code: "invalid_request" });
  });

  it("keeps ordinary metadata, keys with single underscores and dots included", () => {
    expect(readCreateBody({ metadata: { _id: "1", "a.b": "x", x__: "y" } }).metadata).toEqual({
      _id: "1",
      "a.b": "x",
      x__: "y",
    });
  });

  it("refuses JSON nested deeper than the limit without recursing", () => {
    const deep = `{"title":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const req = {
      method: "POST",
      path: "/v1/calls",
      query: new URLSearchParams(),
      header: (name: string) => (name === "content-type" ? "application/json" : undefined),
      rawBody: Buffer.from(deep),
      clientAddress: "203.0.113.1",
    };
    expect(problemOf(() => readJsonBody(req))).toEqual({ status: 400, code: "invalid_json" });
    expect(jsonDepth(JSON.parse(deep), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
    expect(jsonDepth({ metadata: { a: "b" } }, MAX_JSON_DEPTH)).toBe(2);
  });
});

describe("GET /v1/calls query", () => {
  it.each([
    ["an empty id", cursor([0, ""])],
    ["a path", cursor([0, "calls/abcd-efgh-ijkm-nopq"])],
    ["a slash", cursor([0, "a/b"])],
    ["a time before year 1", cursor([-62_135_596_800_001, "abcd-efgh-ijkm-nopq"])],
    ["a time after year 9999", cursor([253_402_300_800_000, "abcd-efgh-ijkm-nopq"])],
    ["a third element", cursor([0, "abcd-efgh-ijkm-nopq", 1])],
  ])("refuses a cursor with %s", (_what, c) => {
    expect(problemOf(list(`cursor=${c}`))).toEqual({ status: 400, code: "invalid_cursor" });
  });

  it("reads back the cursors it makes", () => {
    expect(
      readListQuery(new URLSearchParams(`cursor=${encodeCursor(1_800_000_000_000, "abcd-efgh-ijkm-nopq")}`)).cursor,
    ).toEqual({
      startsAtMs: 1_800_000_000_000,
      id: "abcd-efgh-ijkm-nopq",
    });
  });

  it("refuses from and to outside Firestore's years", () => {
    expect(problemOf(list("to=9999-12-31T23:59:59-23:59"))).toEqual({ status: 400, code: "invalid_query" });
    expect(problemOf(list("from=0001-01-01T00:00:00%2B01:00"))).toEqual({ status: 400, code: "invalid_query" });
    expect(problemOf(list("to=9999-12-31T23:59:59Z"))).toBe("no problem");
  });
});

describe("client address", () => {
  it("takes the last X-Forwarded-For entry (the one Google's front end appended)", () => {
    expect(clientAddress("1.1.1.1, 203.0.113.9", undefined)).toBe("203.0.113.9");
    expect(clientAddress("spoofed, 198.51.100.4:4711", undefined)).toBe("198.51.100.4");
    expect(clientAddress("[2001:db8::1]:443", undefined)).toBe("2001:db8::1");
    expect(clientAddress(undefined, "::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(clientAddress("not-an-address", undefined)).toBe("unknown");
    expect(clientAddress(undefined, undefined)).toBe("unknown");
  });

  it("counts IPv6 clients by their /64", () => {
    expect(throttleSubject("2001:db8:1:2:aaaa::1")).toBe(throttleSubject("2001:db8:1:2:ffff::9"));
    expect(throttleSubject("2001:db8:1:3::1")).not.toBe(throttleSubject("2001:db8:1:2::1"));
    expect(throttleSubject("203.0.113.9")).toBe("203.0.113.9");
  });
});
