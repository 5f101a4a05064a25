// Input that used to make the API answer 500 (or slip through): each is now a 400 problem with a
// stable code, and nothing is written. Also the platform's own answer to a body that is not JSON,
// which must carry no stack trace, and the callable path that shares the title check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CALL_RECORDS } from "../../functions/src/shared/call-model";
import { apiRequest, keyService, storedCounts } from "../support/api-harness";
import { EmulatorClients, expectCallableError } from "../support/emulator-clients";

const clients = new EmulatorClients("api-hostile-input-test");
let key = "";
let callId = "";
let baseline: Record<string, number> = {};

const CALL = "/v1/calls";
const json = { "Content-Type": "application/json" };
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

beforeAll(async () => {
  await clients.clearFirestore();
  key = (await keyService(clients).create("hostile")).apiKey;
  const created = await apiRequest("POST", CALL, {
    key,
    body: { startsAt: new Date(Date.now() + 3600_000).toISOString() },
  });
  callId = (created.body as { id: string }).id;
  baseline = await storedCounts(clients);
});
afterAll(() => clients.close());

interface Case {
  name: string;
  method: string;
  path: string | (() => string);
  headers?: Record<string, string>;
  /** A string is sent as it is (with the JSON content type); anything else as JSON. */
  body?: unknown;
  status: number;
  code: string;
}

const post = (name: string, body: unknown, code: string, headers: Record<string, string> = {}): Case => ({
  name,
  method: "POST",
  path: CALL,
  headers,
  body,
  status: 400,
  code,
});

const CASES: Case[] = [
  post("JSON nested 5000 deep, with an Idempotency-Key", `{"title":${deep(5000)}}`, "invalid_json", {
    "Idempotency-Key": "deep-1",
  }),
  post("JSON nested 5000 deep in metadata", `{"metadata":{"a":${deep(5000)}}}`, "invalid_json"),
  post("JSON nested 9 deep", `{"title":${deep(8)}}`, "invalid_json", { "Idempotency-Key": "deep-2" }),
  post("a metadata key Firestore reserves", { metadata: { __x__: "v" } }, "invalid_metadata"),
  post("a __proto__ metadata key", '{"metadata":{"__proto__":"v"}}', "invalid_metadata"),
  post("a __proto__ field", '{"__proto__":{"title":"x"}}', "invalid_request"),
  post("a metadata value with NUL", { metadata: { k: "a\u0000b" } }, "invalid_metadata"),
  post("a title with NUL", { title: "a\u0000b" }, "invalid_title"),
  post("a title with BEL", { title: "ding\u0007" }, "invalid_title"),
  post("a title with ESC", { title: "\u001b[31mred" }, "invalid_title"),
  post("a title with a bare CR", { title: "Hi\rATTENDEE:x" }, "invalid_title"),
  post("a title with a line feed", { title: "Hi\nEND:VEVENT" }, "invalid_title"),
  post("a title with a lone surrogate", '{"title":"a\\ud800b"}', "invalid_title"),
  post("a host name with ESC", { host: "Dr\u001b]0;x\u0007" }, "invalid_request"),
  post("a guest name with a bare CR", { guest: "Sam\rBcc: x" }, "invalid_request"),
  {
    name: "PATCH a title with a control character",
    method: "PATCH",
    path: () => `${CALL}/${callId}`,
    body: { title: "moved\u0000" },
    status: 400,
    code: "invalid_title",
  },
  ...(
    [
      ["an empty id", cursor([1_800_000_000_000, ""])],
      ["a slash in its id", cursor([1_800_000_000_000, "calls/x"])],
      ["a time before year 1", cursor([-62_135_596_800_001, "abcd-efgh-ijkm-nopq"])],
      ["a time after year 9999", cursor([253_402_300_800_000, "abcd-efgh-ijkm-nopq"])],
    ] as const
  ).map(([what, c]): Case => ({
    name: `a cursor with ${what}`,
    method: "GET",
    path: `${CALL}?cursor=${c}`,
    status: 400,
    code: "invalid_cursor",
  })),
  {
    name: "to beyond year 9999",
    method: "GET",
    path: `${CALL}?to=9999-12-31T23:59:59-23:59`,
    status: 400,
    code: "invalid_query",
  },
  {
    name: "from beyond year 9999",
    method: "GET",
    path: `${CALL}?from=9999-12-31T22:00:00-05:00`,
    status: 400,
    code: "invalid_query",
  },
];

describe("hostile input", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const path = typeof c.path === "function" ? c.path() : c.path;
    const raw = typeof c.body === "string";
    const res = await apiRequest(c.method, path, {
      key,
      headers: { ...(raw ? json : {}), ...c.headers },
      ...(raw ? { rawBody: c.body as string } : { body: c.body }),
    });
    expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(await storedCounts(clients)).toEqual(baseline);
  });

  it("left the call as it was", async () => {
    const res = await apiRequest("GET", `${CALL}/${callId}`, { key });
    expect(res.body).toMatchObject({ title: null, sequence: 0 });
  });
});

describe("a body that is not JSON", () => {
  it("is refused by the platform with a 400 that shows no stack trace or server path", async () => {
    const res = await apiRequest("POST", CALL, { key, headers: json, rawBody: '{"title":', refusedByPlatform: true });
    expect(res.status).toBe(400);
    expect(res.text).toContain("Bad Request");
    expect(res.text).not.toMatch(/SyntaxError|\bat \w|node_modules|\/work\/|\.js:\d+/);
    expect(await storedCounts(clients)).toEqual(baseline);
  });
});

describe("the callable path shares the title check", () => {
  it("refuses control characters in scheduleCall's title and writes nothing", async () => {
    const alice = await clients.client();
    for (const title of ["a\u0000b", "ding\u0007", "\u001b[2J", "Hi\rX"]) {
      await expectCallableError(
        alice.call("scheduleCall", { title }),
        "functions/invalid-argument",
        "title must not contain control characters (such as line breaks, tabs, NUL or ESC).",
      );
    }
    expect(await storedCounts(clients)).toEqual(baseline);
  });
});

describe("the calendar file", () => {
  it("escapes a title stored before these checks (no control characters, one SUMMARY line)", async () => {
    await clients.admin.doc(`${CALL_RECORDS}/${callId}`).update({ title: "Hi\r\nATTENDEE:x\u0007;y,z\\" });
    const res = await apiRequest("GET", `${CALL}/${callId}.ics`, { key });
    expect(res.status).toBe(200);
    expect(res.text).toContain("SUMMARY:Hi\\nATTENDEE:x\\;y\\,z\\\\\r\n");
    // eslint-disable-next-line no-control-regex -- looking for control characters besides CRLF
    expect(res.text.replace(/\r\n/g, "")).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
  });
});
