// The counting proxy of tests/bench/firestore-meter.ts against a fake upstream that replays wire
// samples captured from the Firestore emulator with firebase JS SDK 12.19 in Chromium (WebChannel and
// long-polling). No emulator needed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFirestoreMeter, type FirestoreMeter } from "../bench/firestore-meter.js";
import { pathBucket } from "../bench/wire/json.js";

// ---------------------------------------------------------------------------------------------------
// Captured samples (trimmed). `frame` rebuilds the server's `<length>\n<json>` framing; the length is
// in UTF-16 code units, as WebChannel measures it (checked below against a captured frame).

const DB = "projects/demo-firecall/databases/(default)";
const DOCS = `${DB}/documents`;
const WRITE = "/google.firestore.v1.Firestore/Write/channel";
const LISTEN = "/google.firestore.v1.Firestore/Listen/channel";
const Q = `?VER=8&database=projects%2Fdemo-firecall%2Fdatabases%2F(default)`;

/** First POST of a Write stream, byte for byte as Chromium sent it. */
const WRITE_HANDSHAKE_BODY =
  "headers=X-Goog-Api-Client%3Agl-js%2F%20fire%2F12.19.0%0D%0AContent-Type%3Atext%2Fplain%0D%0Ax-goog-api-key%3Ax%0D%0A" +
  "&count=1&ofs=0&req0___data__=%7B%22database%22%3A%22projects%2Fdemo-firecall%2Fdatabases%2F(default)%22%7D";
/** writeBatch of 3 documents (one with a serverTimestamp transform), as sent. */
const WRITE_BATCH3_BODY =
  "count=1&ofs=2&req0___data__=%7B%22streamToken%22%3A%22MQ%3D%3D%22%2C%22writes%22%3A%5B%7B%22update%22%3A%7B%22name%22%3A%22projects%2Fdemo-firecall%2Fdatabases%2F(default)%2Fdocuments%2Fcalls%2Fc1%2Fsignals%2Fu1%22%2C%22fields%22%3A%7B%22x%22%3A%7B%22integerValue%22%3A%221%22%7D%7D%7D%7D%2C%7B%22update%22%3A%7B%22name%22%3A%22projects%2Fdemo-firecall%2Fdatabases%2F(default)%2Fdocuments%2Fcalls%2Fc1%2Fsignals%2Fu2%22%2C%22fields%22%3A%7B%22x%22%3A%7B%22integerValue%22%3A%222%22%7D%7D%7D%7D%2C%7B%22update%22%3A%7B%22name%22%3A%22projects%2Fdemo-firecall%2Fdatabases%2F(default)%2Fdocuments%2Fother%2Fo1%22%2C%22fields%22%3A%7B%7D%7D%2C%22updateTransforms%22%3A%5B%7B%22fieldPath%22%3A%22t%22%2C%22setToServerValue%22%3A%22REQUEST_TIME%22%7D%5D%7D%5D%7D";
/** The server's answer to the first POST of a channel, as captured (framing included). */
const SESSION_FRAME = (sid: string) => frame(`[[0,["c","${sid}","",8,12,30000]]]`);

const WRITE_HANDSHAKE_RESPONSE = `{"streamId":"34","streamToken":"MA=="}`;
const writeResult = (token: string, n: number) =>
  `{"streamToken":"${token}","writeResults":[${Array(n).fill(`{"updateTime":"2026-11-25T12:38:15.881881Z"}`).join(",")}],"commitTime":"2026-11-25T12:38:15.881881Z"}`;
const PERMISSION_DENIED = `{"error":{"message":"PERMISSION_DENIED: \\nfalse for 'update' @ L38","status":"PERMISSION_DENIED"}}`;

const SIGNALS_QUERY = `{"structuredQuery":{"from":[{"collectionId":"signals"}],"orderBy":[{"field":{"fieldPath":"__name__"},"direction":"ASCENDING"}]},"parent":"${DOCS}/calls/c1"}`;
const docChange = (path: string, updateTime: string, target: number, fields = `{"x":{"integerValue":"1"}}`) =>
  `{"documentChange":{"document":{"name":"${DOCS}/${path}","fields":${fields},"createTime":"2026-11-25T12:38:15.881881Z","updateTime":"${updateTime}"},"targetIds":[${target}]}}`;
const targetChange = (type: string, target: number, token?: string) =>
  `{"targetChange":{"targetChangeType":"${type}","targetIds":[${target}]${token ? `,"resumeToken":"${token}","readTime":"2026-11-25T12:38:16.799231Z"` : ""}}}`;
const globalToken = (token: string) =>
  `{"targetChange":{"resumeToken":"${token}","readTime":"2026-11-25T12:38:16.816323Z"}}`;
const T1 = "2026-11-25T12:38:15.881881Z";
const T2 = "2026-11-25T12:38:17.461668Z";

/** `[[id,[msg]],...]` with consecutive array ids from `first`. */
function arrays(first: number, ...messages: string[]): string {
  return `[${messages.map((m, i) => `[${first + i},[${m}]]`).join(",")}]`;
}

function frame(json: string): string {
  return `${json.length}\n${json}`;
}

function form(ofs: number, ...messages: string[]): string {
  const params = new URLSearchParams({ count: String(messages.length), ofs: String(ofs) });
  messages.forEach((m, i) => params.set(`req${i}___data__`, m));
  return params.toString();
}

// ---------------------------------------------------------------------------------------------------
// A fake upstream: each test installs a handler; requests are recorded with their raw bodies.

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
type Handler = (req: Seen, res: http.ServerResponse) => void;

let upstream: http.Server;
let upstreamPort: number;
let handler: Handler;
let seen: Seen[];
let meter: FirestoreMeter;
let client: http.Agent;

beforeEach(async () => {
  seen = [];
  handler = (_req, res) => res.writeHead(404).end();
  upstream = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (b: Buffer) => parts.push(b));
    req.on("end", () => {
      const s: Seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(parts),
      };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  upstreamPort = (upstream.address() as AddressInfo).port;
  meter = await startFirestoreMeter({ targetHost: "127.0.0.1", targetPort: upstreamPort, port: 0 });
  client = new http.Agent({ keepAlive: true, maxSockets: 4 });
});

afterEach(async () => {
  client.destroy();
  await meter.close();
  upstream.closeAllConnections();
  await new Promise<void>((r) => upstream.close(() => r()));
});

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  reusedSocket: boolean;
}

function send(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: meter.port, method, path, headers, agent: client }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (b: Buffer) => parts.push(b));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(parts),
          reusedSocket: req.reusedSocket,
        }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

const post = (path: string, body: string) =>
  send("POST", path, body, { "content-type": "application/x-www-form-urlencoded" });

/** A long-lived back channel: the client side reads what arrives while upstream keeps it open. */
class BackChannel {
  readonly received: Buffer[] = [];
  private waiters: Array<() => void> = [];
  upstreamRes: http.ServerResponse | null = null;
  ended = false;

  text(): string {
    return Buffer.concat(this.received).toString("utf8");
  }

  open(path: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port: meter.port, path, agent: false }, (res) => {
        res.on("data", (b: Buffer) => {
          this.received.push(b);
          for (const w of this.waiters.splice(0)) w();
        });
        res.on("end", () => (this.ended = true));
        resolve();
      });
      req.on("error", reject);
    });
  }

  /** Upstream writes `bytes` (optionally in small pieces); resolves once the client has all of it. */
  async push(text: string, pieceBytes = 0): Promise<void> {
    const res = this.upstreamRes;
    if (!res) throw new Error("back channel not open upstream");
    const want = Buffer.concat(this.received).length + Buffer.byteLength(text);
    const bytes = Buffer.from(text, "utf8");
    const step = pieceBytes > 0 ? pieceBytes : bytes.length;
    for (let at = 0; at < bytes.length; at += step) {
      res.write(bytes.subarray(at, at + step));
      if (pieceBytes > 0) await new Promise((r) => setTimeout(r, 1));
    }
    while (Buffer.concat(this.received).length < want) await new Promise<void>((r) => this.waiters.push(r));
  }
}

function channelHandler(kind: "Write" | "Listen", sid: string, back: BackChannel): Handler {
  return (req, res) => {
    const url = new URL(req.url, "http://x");
    if (!url.pathname.endsWith(`/${kind}/channel`)) return void res.writeHead(404).end();
    const headers = { "content-type": "text/plain; charset=utf-8", "access-control-allow-origin": "*" };
    if (req.method === "GET" && url.searchParams.get("TYPE") === "xmlhttp") {
      res.writeHead(200, headers);
      res.flushHeaders();
      back.upstreamRes = res; // stays open until the test ends it
    } else if (!url.searchParams.get("SID")) {
      res.writeHead(200, headers).end(SESSION_FRAME(sid));
    } else {
      res.writeHead(200, headers).end(frame("[1,2,7]"));
    }
  };
}

// ---------------------------------------------------------------------------------------------------

describe("framing helpers match the captured wire", () => {
  it("rebuilds captured frames exactly, with UTF-16 lengths", () => {
    expect(SESSION_FRAME("huK3tlF7cT_HmgAY6GkLPg==")).toBe('52\n[[0,["c","huK3tlF7cT_HmgAY6GkLPg==","",8,12,30000]]]');
    expect(frame(arrays(1, WRITE_HANDSHAKE_RESPONSE))).toBe('46\n[[1,[{"streamId":"34","streamToken":"MA=="}]]]');
    // Captured: a document holding "héllo 📞 ünï" came as a 567-unit frame of 572 UTF-8 bytes.
    const json = arrays(2, docChange("utf/d1", T1, 2, `{"s":{"stringValue":"héllo 📞 ünï"}}`));
    expect(Buffer.byteLength(json) - json.length).toBe(5);
  });

  it("buckets documents by collection path", () => {
    expect(pathBucket(`${DOCS}/calls/c1`)).toBe("calls");
    expect(pathBucket(`${DOCS}/calls/c1/signals/u1`)).toBe("calls/*/signals");
    expect(pathBucket("calls/c1/signals")).toBe("calls/*/signals");
    expect(pathBucket("calls/c1/signals/u1/x/y")).toBe("calls/*/signals/*/x");
  });
});

describe("Write stream (WebChannel)", () => {
  it("counts each element of writes once the server confirms it, never a resent or rejected one", async () => {
    const back = new BackChannel();
    handler = channelHandler("Write", "SID-W", back);

    const hs = await post(`${WRITE}${Q}&RID=53718&CVER=22&X-HTTP-Session-Id=gsessionid&zx=a&t=1`, WRITE_HANDSHAKE_BODY);
    expect(hs.body.toString()).toBe(SESSION_FRAME("SID-W"));
    expect(seen[0]?.body.toString()).toBe(WRITE_HANDSHAKE_BODY);
    await back.open(`${WRITE}${Q}&RID=rpc&SID=SID-W&AID=0&CI=0&TYPE=xmlhttp&zx=b&t=1`);
    await back.push(frame(arrays(1, WRITE_HANDSHAKE_RESPONSE)));
    await back.push(frame(arrays(2, '"noop"')));
    expect(meter.snapshot().writes).toBe(0);

    // setDoc(calls/c1): sent, not yet confirmed -> not counted; confirmed -> 1.
    const set1 = `{"streamToken":"MA==","writes":[{"update":{"name":"${DOCS}/calls/c1","fields":{"a":{"integerValue":"1"}}}}]}`;
    await post(`${WRITE}${Q}&SID=SID-W&RID=53719&AID=2&zx=c&t=1`, form(1, set1));
    expect(meter.snapshot().writes).toBe(0);
    await back.push(frame(arrays(3, writeResult("MQ==", 1))));
    expect(meter.snapshot()).toEqual({ writes: 1, reads: 0, byPath: { calls: { writes: 1, reads: 0 } } });

    // writeBatch of 3, then the same POST retried (same map id): queued once.
    await post(`${WRITE}${Q}&SID=SID-W&RID=53720&AID=3&zx=d&t=1`, WRITE_BATCH3_BODY);
    await post(`${WRITE}${Q}&SID=SID-W&RID=53721&AID=3&zx=e&t=1`, WRITE_BATCH3_BODY);
    await back.push(frame(arrays(4, writeResult("Mg==", 3))));
    // An update with a mask and a precondition: 1 write; its confirmation must not pop a duplicate.
    const update = `{"streamToken":"Mg==","writes":[{"update":{"name":"${DOCS}/calls/c1/signals/u1","fields":{"x":{"integerValue":"10"}}},"updateMask":{"fieldPaths":["x"]},"currentDocument":{"exists":true}}]}`;
    await post(`${WRITE}${Q}&SID=SID-W&RID=53722&AID=4&zx=f&t=1`, form(3, update));
    await back.push(frame(arrays(5, writeResult("Mw==", 1))));
    expect(meter.snapshot()).toEqual({
      writes: 5,
      reads: 0,
      byPath: {
        calls: { writes: 1, reads: 0 },
        "calls/*/signals": { writes: 3, reads: 0 },
        other: { writes: 1, reads: 0 },
      },
    });

    // A write the rules deny: the stream errors, nothing is billed.
    const denied = `{"streamToken":"Mw==","writes":[{"update":{"name":"${DOCS}/calls/x-denied","fields":{"x":{"integerValue":"1"}}}},{"delete":"${DOCS}/calls/x"}]}`;
    await post(`${WRITE}${Q}&SID=SID-W&RID=53723&AID=5&zx=g&t=1`, form(4, denied));
    await back.push(frame(arrays(6, PERMISSION_DENIED)));
    expect(meter.snapshot().writes).toBe(5);

    // Every byte reached the client unchanged, and every request body reached upstream unchanged.
    expect(back.text()).toBe(
      [
        frame(arrays(1, WRITE_HANDSHAKE_RESPONSE)),
        frame(arrays(2, '"noop"')),
        frame(arrays(3, writeResult("MQ==", 1))),
        frame(arrays(4, writeResult("Mg==", 3))),
        frame(arrays(5, writeResult("Mw==", 1))),
        frame(arrays(6, PERMISSION_DENIED)),
      ].join(""),
    );
    expect(seen.filter((s) => s.method === "POST").map((s) => s.body.toString())).toEqual([
      WRITE_HANDSHAKE_BODY,
      form(1, set1),
      WRITE_BATCH3_BODY,
      WRITE_BATCH3_BODY,
      form(3, update),
      form(4, denied),
    ]);

    meter.reset();
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 0, byPath: {} });
  });

  it("counts deletes and transform-only writes, not verify", async () => {
    const back = new BackChannel();
    handler = channelHandler("Write", "SID-X", back);
    await post(`${WRITE}${Q}&RID=1&CVER=22&t=1`, WRITE_HANDSHAKE_BODY);
    await back.open(`${WRITE}${Q}&RID=rpc&SID=SID-X&AID=0&CI=0&TYPE=xmlhttp&t=1`);
    await back.push(frame(arrays(1, WRITE_HANDSHAKE_RESPONSE)));
    const msg = `{"streamToken":"MA==","writes":[{"delete":"${DOCS}/other/o1"},{"transform":{"document":"${DOCS}/calls/c1","fieldTransforms":[]}},{"verify":"${DOCS}/calls/c2"}]}`;
    await post(`${WRITE}${Q}&SID=SID-X&RID=2&AID=1&t=1`, form(1, msg));
    await back.push(frame(arrays(2, writeResult("MQ==", 3))));
    expect(meter.snapshot()).toEqual({
      writes: 2,
      reads: 0,
      byPath: { calls: { writes: 1, reads: 0 }, other: { writes: 1, reads: 0 } },
    });
  });
});

describe("Listen stream (WebChannel)", () => {
  async function openListen(sid: string, back: BackChannel, addTarget: string) {
    handler = channelHandler("Listen", sid, back);
    const body =
      "headers=X-Goog-Api-Client%3Agl-js%2F%20fire%2F12.19.0%0D%0AContent-Type%3Atext%2Fplain%0D%0A&" +
      form(0, `{"database":"${DB}","addTarget":${addTarget}}`);
    await post(`${LISTEN}${Q}&RID=18767&CVER=22&X-HTTP-Session-Id=gsessionid&t=1`, body);
    await back.open(`${LISTEN}${Q}&RID=rpc&SID=${encodeURIComponent(sid)}&AID=0&CI=0&TYPE=xmlhttp&t=1`);
  }

  it("counts documents a listener is sent, not the unchanged ones the emulator re-sends after RESET", async () => {
    const back = new BackChannel();
    await openListen("zi-uQb5NHDiGvGpLkkja0g==", back, `{"query":${SIGNALS_QUERY},"targetId":1002}`);

    // Initial snapshot of a collection with 2 documents, in one frame cut into 7-byte pieces.
    const initial = frame(
      arrays(
        1,
        targetChange("ADD", 1002),
        docChange("calls/c1/signals/u1", T1, 1002),
        docChange("calls/c1/signals/u2", T1, 1002),
        targetChange("CURRENT", 1002, "CgkI/5+Vz5GjmAM="),
        globalToken("CgkIw6WWz5GjmAM="),
      ),
    );
    expect(initial.startsWith("842\n")).toBe(true); // the captured frame's length
    await back.push(initial, 7);
    await back.push(frame(arrays(6, '"noop"')));
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 2, byPath: { "calls/*/signals": { writes: 0, reads: 2 } } });

    // One document updated: the emulator RESETs and re-sends both; only u1 is new.
    await back.push(frame(arrays(7, targetChange("RESET", 1002, "CgkI0t29z5GjmAM="))));
    await back.push(frame(arrays(8, docChange("calls/c1/signals/u1", T2, 1002, `{"x":{"integerValue":"10"}}`))));
    await back.push(frame(arrays(9, docChange("calls/c1/signals/u2", T1, 1002, `{"x":{"integerValue":"2"}}`))));
    await back.push(frame(arrays(10, targetChange("CURRENT", 1002, "CgkIsei+z5GjmAM="))));
    await back.push(frame(arrays(11, globalToken("CgkIku2+z5GjmAM="))));
    expect(meter.snapshot().reads).toBe(3);

    // A re-delivered array (same ids) is not new.
    await back.push(frame(arrays(8, docChange("calls/c1/signals/u1", "2026-11-25T12:40:00Z", 1002))));
    expect(meter.snapshot().reads).toBe(3);

    // getDoc of an existing and of a missing document (the emulator sends documentDelete): 1 read each.
    await post(
      `${LISTEN}${Q}&SID=zi-uQb5NHDiGvGpLkkja0g%3D%3D&RID=2&AID=11&t=1`,
      form(1, `{"database":"${DB}","removeTarget":1002}`),
    );
    await back.push(frame(arrays(12, `{"targetChange":{"targetChangeType":"REMOVE","targetIds":[1002]}}`)));
    await post(
      `${LISTEN}${Q}&SID=zi-uQb5NHDiGvGpLkkja0g%3D%3D&RID=3&AID=12&t=1`,
      form(2, `{"database":"${DB}","addTarget":{"documents":{"documents":["${DOCS}/calls/c1"]},"targetId":1004}}`),
    );
    await back.push(
      frame(
        arrays(
          13,
          targetChange("ADD", 1004),
          docChange("calls/c1", T1, 1004, `{"a":{"integerValue":"1"}}`),
          targetChange("CURRENT", 1004, "CgkIvISf0JGjmAM="),
        ),
      ),
    );
    await post(
      `${LISTEN}${Q}&SID=zi-uQb5NHDiGvGpLkkja0g%3D%3D&RID=4&AID=15&t=1`,
      form(
        3,
        `{"database":"${DB}","addTarget":{"documents":{"documents":["${DOCS}/calls/c1-missing"]},"targetId":1006}}`,
      ),
    );
    await back.push(
      frame(
        arrays(
          16,
          targetChange("ADD", 1006),
          `{"documentDelete":{"document":"${DOCS}/calls/c1-missing","readTime":"2026-11-25T12:46:25.427733Z","removedTargetIds":[1006]}}`,
          targetChange("CURRENT", 1006, "CgkI2OmUuJOjmAM="),
        ),
      ),
    );
    expect(meter.snapshot()).toEqual({
      writes: 0,
      reads: 5,
      byPath: { calls: { writes: 0, reads: 2 }, "calls/*/signals": { writes: 0, reads: 3 } },
    });

    // The SDK's getDocs re-adds the earlier query with its resume token (and expectedCount); the
    // emulator ignores the token and re-sends all documents, production sends none: the query minimum.
    await post(
      `${LISTEN}${Q}&SID=zi-uQb5NHDiGvGpLkkja0g%3D%3D&RID=5&AID=18&t=1`,
      form(
        4,
        `{"database":"${DB}","addTarget":{"query":${SIGNALS_QUERY},"targetId":1008,"resumeToken":"CgkIku2+z5GjmAM=","expectedCount":2}}`,
      ),
    );
    await back.push(
      frame(
        arrays(
          19,
          targetChange("ADD", 1008),
          targetChange("RESET", 1008, "CgkIld/IuJOjmAM="),
          docChange("calls/c1/signals/u1", T2, 1008, `{"x":{"integerValue":"10"}}`),
          docChange("calls/c1/signals/u2", T1, 1008, `{"x":{"integerValue":"2"}}`),
          targetChange("CURRENT", 1008, "CgkI2OmUuJOjmAN="),
        ),
      ),
    );
    expect(meter.snapshot().reads).toBe(6);
    expect(meter.snapshot().byPath["calls/*/signals"]).toEqual({ writes: 0, reads: 4 });
  });

  it("charges one read for a query that matches nothing, then one per document that arrives", async () => {
    const back = new BackChannel();
    const empty = `{"query":{"structuredQuery":{"from":[{"collectionId":"empty"}]},"parent":"${DOCS}/calls/c1"},"targetId":1010}`;
    await openListen("SID-E", back, empty);
    await back.push(
      frame(arrays(1, targetChange("ADD", 1010), targetChange("CURRENT", 1010, "AAA="), globalToken("AAB="))),
    );
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 1, byPath: { "calls/*/empty": { writes: 0, reads: 1 } } });
    await back.push(frame(arrays(4, targetChange("RESET", 1010, "AAC="))));
    await back.push(frame(arrays(5, docChange("calls/c1/empty/e1", T2, 1010), targetChange("CURRENT", 1010, "AAD="))));
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 2, byPath: { "calls/*/empty": { writes: 0, reads: 2 } } });
  });

  it("parses frames split inside multi-byte characters, and passes the bytes through unchanged", async () => {
    const back = new BackChannel();
    await openListen("SID-U", back, `{"documents":{"documents":["${DOCS}/utf/d1"]},"targetId":2}`);
    const sample =
      frame(
        arrays(
          1,
          targetChange("ADD", 2),
          docChange("utf/d1", T1, 2, `{"s":{"stringValue":"héllo 📞 ünï"}}`),
          targetChange("CURRENT", 2, "CgkIxsPRnJSjmAM="),
        ),
      ) + frame(arrays(4, '"noop"'));
    await back.push(sample, 3); // 3-byte pieces cut through "é" and "📞"
    expect(back.text()).toBe(sample);
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 1, byPath: { utf: { writes: 0, reads: 1 } } });
  });

  it("follows a long-polling session across back-channel requests that each end", async () => {
    const sid = "_96DWb7ATVd8vJ0dXO2rQg==";
    const replies = [
      frame(
        arrays(
          1,
          targetChange("ADD", 1002),
          docChange("calls/c1/signals/u1", T1, 1002),
          docChange("calls/c1/signals/u2", T1, 1002),
          targetChange("CURRENT", 1002, "CgkI88m1vJOjmAM="),
        ),
      ),
      frame(arrays(5, '"noop"')) + frame(arrays(6, '"noop"')),
      frame(arrays(7, targetChange("RESET", 1002, "CgkIp47nvJOjmAM="))),
      frame(
        arrays(
          8,
          docChange("calls/c1/signals/u1", T2, 1002),
          docChange("calls/c1/signals/u2", T1, 1002),
          targetChange("CURRENT", 1002, "CgkI0aLnvJOjmAM="),
        ),
      ),
    ];
    handler = (req, res) => {
      const url = new URL(req.url, "http://x");
      if (req.method === "GET") res.writeHead(200, { "content-type": "text/plain" }).end(replies.shift() ?? "");
      else res.writeHead(200).end(url.searchParams.get("SID") ? frame("[0,1,7]") : SESSION_FRAME(sid));
    };
    await post(
      `${LISTEN}${Q}&RID=63258&CVER=22&X-HTTP-Session-Id=gsessionid&t=1`,
      form(0, `{"database":"${DB}","addTarget":{"query":${SIGNALS_QUERY},"targetId":1002}}`),
    );
    const bodies: string[] = [];
    for (const aid of [0, 4, 6, 7]) {
      const r = await send(
        "GET",
        `${LISTEN}${Q}&RID=rpc&SID=${encodeURIComponent(sid)}&AID=${aid}&CI=1&TYPE=xmlhttp&t=1`,
      );
      bodies.push(r.body.toString());
    }
    expect(bodies.join("")).not.toContain("undefined");
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 3, byPath: { "calls/*/signals": { writes: 0, reads: 3 } } });
  });
});

describe("REST", () => {
  it("counts commits, document gets, batchGet and runQuery from the wire", async () => {
    const gzip = zlib.gzipSync(JSON.stringify({ name: `${DOCS}/rest/r1`, fields: {} }));
    handler = (req, res) => {
      const url = new URL(req.url, "http://x");
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (url.pathname.endsWith("/documents:commit")) return json(200, { writeResults: [{}, {}], commitTime: T1 });
      if (url.pathname.endsWith("/documents:batchGet")) {
        return json(200, [
          { found: { name: `${DOCS}/rest/r1/items/a` } },
          { found: { name: `${DOCS}/rest/r1/items/b` } },
          { missing: `${DOCS}/rest/r1/items/zz` },
        ]);
      }
      if (url.pathname.endsWith("/rest/r1:runQuery")) {
        const body = req.body.toString();
        if (body.includes('"none"')) return json(200, [{ readTime: T1 }]);
        return json(200, [
          { document: { name: `${DOCS}/rest/r1/items/a` }, readTime: T1 },
          { document: { name: `${DOCS}/rest/r1/items/b` }, readTime: T1 },
        ]);
      }
      if (url.pathname.endsWith("/rest/r1") && req.method === "GET") {
        return void res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" }).end(gzip);
      }
      if (url.pathname.endsWith("/rest/missing")) return json(404, { error: { code: 404, status: "NOT_FOUND" } });
      if (url.pathname.endsWith("/rest/denied")) return json(403, { error: { code: 403 } });
      if (req.method === "PATCH" || req.method === "DELETE") return json(200, {});
      if (url.pathname.startsWith("/emulator/")) return json(200, {});
      return json(404, {});
    };
    const base = `/v1/${DB}/documents`;
    const commit = JSON.stringify({
      writes: [
        { update: { name: `${DOCS}/rest/r1/items/a`, fields: {} } },
        { update: { name: `${DOCS}/rest/r1/items/b`, fields: {} }, currentDocument: { exists: false } },
        { verify: `${DOCS}/rest/r2` },
      ],
    });
    expect((await send("POST", `${base}:commit`, commit)).status).toBe(200);
    expect(meter.snapshot()).toEqual({ writes: 2, reads: 0, byPath: { "rest/*/items": { writes: 2, reads: 0 } } });
    meter.reset();

    const got = await send("GET", `${base}/rest/r1`);
    expect(got.body.equals(gzip)).toBe(true); // compressed bytes pass through untouched
    await send("GET", `${base}/rest/missing`);
    await send("POST", `${base}:batchGet`, JSON.stringify({ documents: [] }));
    await send(
      "POST",
      `${base}/rest/r1:runQuery`,
      JSON.stringify({ structuredQuery: { from: [{ collectionId: "items" }] } }),
    );
    await send(
      "POST",
      `${base}/rest/r1:runQuery`,
      JSON.stringify({ structuredQuery: { from: [{ collectionId: "none" }] } }),
    );
    expect(meter.snapshot()).toEqual({
      writes: 0,
      reads: 8,
      byPath: {
        rest: { writes: 0, reads: 2 },
        "rest/*/items": { writes: 0, reads: 5 },
        "rest/*/none": { writes: 0, reads: 1 },
      },
    });
    meter.reset();

    await send("PATCH", `${base}/rest/r1?updateMask.fieldPaths=x`, JSON.stringify({ fields: {} }));
    await send("DELETE", `${base}/rest/r1/items/a`);
    await send("PATCH", `${base}/rest/denied`, JSON.stringify({ fields: {} }));
    await send("DELETE", `/emulator/v1/projects/demo-firecall/databases/(default)/documents`);
    expect(meter.snapshot()).toEqual({
      writes: 2,
      reads: 0,
      byPath: { rest: { writes: 1, reads: 0 }, "rest/*/items": { writes: 1, reads: 0 } },
    });
  });
});

describe("pass-through", () => {
  it("forwards bodies, statuses and headers unchanged, including preflights, over kept-alive connections", async () => {
    const payload = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256));
    handler = (req, res) => {
      if (req.method === "OPTIONS") {
        return void res
          .writeHead(200, {
            "access-control-allow-origin": "http://127.0.0.1:5173",
            "access-control-allow-methods": "GET,POST,PATCH,DELETE",
            "access-control-allow-headers": "authorization,content-type,x-goog-api-client",
          })
          .end();
      }
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.writeHead(201, "Made", {
        "x-echo-length": String(req.body.length),
        "content-type": "application/octet-stream",
      });
      res.end(Buffer.concat([req.body, payload]));
    };
    const pre = await send("OPTIONS", `/v1/${DB}/documents/calls/c1`, undefined, {
      origin: "http://127.0.0.1:5173",
      "access-control-request-method": "PATCH",
    });
    expect(pre.status).toBe(200);
    expect(pre.headers["access-control-allow-headers"]).toBe("authorization,content-type,x-goog-api-client");
    expect(seen[0]?.headers["access-control-request-method"]).toBe("PATCH");

    const first = await send("POST", "/anything?x=1", payload, { "content-type": "application/octet-stream" });
    const second = await send("POST", "/anything?x=2", payload, { "content-type": "application/octet-stream" });
    for (const r of [first, second]) {
      expect(r.status).toBe(201);
      expect(r.headers["x-echo-length"]).toBe(String(payload.length));
      expect(r.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
      expect(r.body.equals(Buffer.concat([payload, payload]))).toBe(true);
    }
    expect(second.reusedSocket).toBe(true);
    expect(seen.slice(1).map((s) => [s.url, s.body.equals(payload)])).toEqual([
      ["/anything?x=1", true],
      ["/anything?x=2", true],
    ]);
    expect(meter.snapshot()).toEqual({ writes: 0, reads: 0, byPath: {} });
  });

  it("streams a long-lived response as it comes and closes while it is still open", async () => {
    const back = new BackChannel();
    handler = channelHandler("Listen", "SID-S", back);
    await back.open(`${LISTEN}${Q}&RID=rpc&SID=SID-S&AID=0&CI=0&TYPE=xmlhttp&t=1`);
    await back.push(frame(arrays(1, '"noop"')));
    expect(back.text()).toBe(frame(arrays(1, '"noop"')));
    expect(back.ended).toBe(false);
    await meter.close(); // must not wait for the open stream
  });

  it("does not hold back REST streams it does not count (documents:listen)", async () => {
    let upstreamRes: http.ServerResponse | null = null;
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('[{"targetChange":{"targetChangeType":"ADD"}}');
      upstreamRes = res; // stays open
    };
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: meter.port, method: "POST", path: `/v1/${DB}/documents:listen`, agent: false },
        (res) => res.once("data", (b: Buffer) => resolve(b.toString())),
      );
      req.on("error", reject);
      req.end("{}");
    });
    expect(first).toBe('[{"targetChange":{"targetChangeType":"ADD"}}');
    expect(upstreamRes).not.toBeNull();
  });

  it("answers 502 when the upstream is down", async () => {
    const dead = await startFirestoreMeter({ targetHost: "127.0.0.1", targetPort: 1 });
    try {
      const r = await new Promise<number>((resolve, reject) => {
        http
          .get({ host: "127.0.0.1", port: dead.port, path: "/x", agent: false }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on("error", reject);
      });
      expect(r).toBe(502);
    } finally {
      await dead.close();
    }
  });
});
