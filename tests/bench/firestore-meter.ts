// A counting HTTP/1.1 proxy for the Firestore emulator. Browser pages (or REST clients) talk to the
// proxy instead of 127.0.0.1:8080; every request and response passes through byte for byte, and the
// proxy counts, from the wire alone, the document reads and writes Firestore would bill for them.
// It does not trust (or import) any app code.
//
// What it understands (checked against the emulator and firebase JS SDK 12.19 in Chromium by
// tests/bench/firestore-meter-check.ts; unit tests replay captured samples):
//
// * WebChannel streams (default transport and experimentalForceLongPolling alike):
//   /google.firestore.v1.Firestore/{Write,Listen}/channel?...SID=<session>...
//   - Forward channel: POST, application/x-www-form-urlencoded, `count=N&ofs=K&req<i>___data__=<JSON>`;
//     message i has map id K+i. A retried POST resends the same ids, so ids at or below the highest
//     already seen on that session are skipped.
//   - Back channel (GET ...&TYPE=xmlhttp, and the first POST's answer): `<length>\n<JSON>` chunks,
//     length in UTF-16 code units, JSON = [[arrayId, [message...]], ...]; arrayIds only grow, a
//     re-delivered array is skipped. Messages are objects, or "noop"/"c"/"close" control words.
// * Write stream: each element of `writes` (update / delete / legacy transform; not `verify`) is one
//   billed write, counted when the server confirms the message with its WriteResponse (the first
//   response on a stream is the handshake answer, as in the SDK). A stream error drops what it had
//   pending: those writes were not committed (the SDK resends them on a new stream if it retries).
// * Listen stream: a `documentChange` is one read if it brings a document version this target has not
//   already delivered on this stream. The emulator answers every change with targetChange RESET and
//   then re-sends the target's whole result set; production sends only what changed, so an unchanged
//   re-sent document is not a read. A target re-added with a resume token (the SDK does this for
//   getDocs after an earlier listener on the same query, and when a stream reconnects) starts from the
//   versions delivered up to that token: production resumes and sends only what changed, while the
//   emulator ignores the token and re-sends everything. A query target whose first CURRENT brought no
//   new document costs the one-read minimum of a query; a documents target (getDoc, doc listener)
//   costs one read per requested document that does not exist (the emulator sends documentDelete).
//   documentDelete / documentRemove are otherwise not reads.
// * REST (v1): `documents:commit` and `:batchWrite` (the writes that succeeded), PATCH / DELETE on a
//   document and POST createDocument: 1 write each, on 2xx. GET of a document = 1 read, found (200) or
//   not (404); GET of a collection (list) = its documents; `:batchGet` = 1 read per `found` or
//   `missing` entry; `:runQuery` = returned documents (min 1); `:runAggregationQuery` = 1 read per
//   result. /emulator/* admin calls are ignored.
//
// What it cannot see: reads made by security rules (get()/exists() in firestore.rules are billed as
// reads too), and anything that does not go through the proxy (e.g. the Admin SDK in Cloud Functions,
// which speaks gRPC straight to FIRESTORE_EMULATOR_HOST).
import http from "node:http";
import type http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { StringDecoder } from "node:string_decoder";
import zlib from "node:zlib";

export interface OpCounts {
  writes: number;
  reads: number;
}

export interface MeterSnapshot extends OpCounts {
  /** Counts per collection bucket: "calls" for calls/<id>, "calls/*\/signals" for calls/<id>/signals/<uid>. */
  byPath: Record<string, OpCounts>;
}

export interface CountEvent {
  op: "read" | "write";
  /** Document path relative to .../documents, or the query's collection path for a minimum charge. */
  path: string;
  bucket: string;
  /** What on the wire caused it, e.g. "Write/channel", "Listen/channel", "REST :commit". */
  via: string;
}

export interface FirestoreMeterOptions {
  targetHost: string;
  targetPort: number;
  /** Port to listen on (127.0.0.1); 0 or omitted = ephemeral. */
  port?: number;
  /** Called for every counted read and write, e.g. to log what a benchmark step cost. */
  onCount?: (event: CountEvent) => void;
}

export interface FirestoreMeter {
  port: number;
  snapshot(): MeterSnapshot;
  /** Zeroes the counters. Stream state (sessions, delivered versions) is kept. */
  reset(): void;
  close(): Promise<void>;
}

export type Json = Record<string, unknown>;

const UNKNOWN_BUCKET = "(unknown)";
/** Largest response or request body we buffer for parsing; bigger ones pass through uncounted. */
const MAX_PARSE_BYTES = 64 * 1024 * 1024;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** "projects/p/databases/d/documents/calls/c1/signals/u1" -> "calls/c1/signals/u1". */
export function relativeDocumentPath(name: string): string {
  const marker = "/documents/";
  const at = name.indexOf(marker);
  if (at >= 0) return name.slice(at + marker.length);
  if (name.endsWith("/documents")) return "";
  return name.replace(/^\/+/, "");
}

/** The byPath key of a document or collection path: its collection ids, document ids as "*". */
export function pathBucket(nameOrPath: string): string {
  const segments = relativeDocumentPath(nameOrPath)
    .split("/")
    .filter((s) => s.length > 0);
  const collections = segments.filter((_, i) => i % 2 === 0);
  return collections.length > 0 ? collections.join("/*/") : UNKNOWN_BUCKET;
}

class Tally {
  writes = 0;
  reads = 0;
  byPath = new Map<string, OpCounts>();

  constructor(private readonly onCount?: (event: CountEvent) => void) {}

  add(op: "read" | "write", path: string, via: string, bucket = pathBucket(path)): void {
    if (op === "read") this.reads += 1;
    else this.writes += 1;
    let entry = this.byPath.get(bucket);
    if (!entry) {
      entry = { writes: 0, reads: 0 };
      this.byPath.set(bucket, entry);
    }
    if (op === "read") entry.reads += 1;
    else entry.writes += 1;
    this.onCount?.({ op, path: relativeDocumentPath(path), bucket, via });
  }

  snapshot(): MeterSnapshot {
    const byPath: Record<string, OpCounts> = {};
    for (const key of [...this.byPath.keys()].sort()) {
      const entry = this.byPath.get(key);
      if (entry) byPath[key] = { writes: entry.writes, reads: entry.reads };
    }
    return { writes: this.writes, reads: this.reads, byPath };
  }

  reset(): void {
    this.writes = 0;
    this.reads = 0;
    this.byPath.clear();
  }
}

/** The document a Write (google.firestore.v1.Write) touches, or null if it is not a billed write. */
function writtenDocument(write: unknown): string | null {
  if (!isObject(write)) return null;
  if (isObject(write.update)) return asString(write.update.name) ?? "";
  if (typeof write.delete === "string") return write.delete;
  if (isObject(write.transform)) return asString(write.transform.document) ?? "";
  return null; // `verify` (a transaction precondition) writes nothing
}

/**
 * Incremental parser of WebChannel back-channel bodies: `<length>\n<JSON>` repeated, the length in
 * UTF-16 code units of the JSON text (WebChannel measures responseText.length). Anything that does not
 * look like that framing stops the parser; the bytes still pass through.
 */
export class WebChannelChunkParser {
  private buffer = "";
  private broken = false;
  private readonly decoder = new StringDecoder("utf8");

  constructor(private readonly onChunk: (chunk: unknown) => void) {}

  push(bytes: Buffer): void {
    if (this.broken) return;
    this.buffer += this.decoder.write(bytes);
    for (;;) {
      const newline = this.buffer.indexOf("\n");
      if (newline < 0) {
        if (!/^\d{0,12}$/.test(this.buffer)) this.broken = true;
        return;
      }
      const lengthText = this.buffer.slice(0, newline);
      if (!/^\d{1,12}$/.test(lengthText)) {
        this.broken = true;
        return;
      }
      const length = Number(lengthText);
      if (this.buffer.length < newline + 1 + length) return;
      const text = this.buffer.slice(newline + 1, newline + 1 + length);
      this.buffer = this.buffer.slice(newline + 1 + length);
      let chunk: unknown;
      try {
        chunk = JSON.parse(text);
      } catch {
        this.broken = true;
        return;
      }
      this.onChunk(chunk);
    }
  }
}

interface TargetState {
  /** Key for resume-token lookups: the target's query or documents, as JSON. */
  spec: string;
  /** Bucket of the queried collection, for a query target; null for a documents target. */
  queryBucket: string | null;
  queryPath: string;
  /** Names asked for by a documents target (a getDoc / doc listener). */
  requested: string[];
  /** Document name -> updateTime of the version this target has delivered. */
  docs: Map<string, string>;
  /** Documents delivered since a RESET, until the next CURRENT; null when no RESET is open. */
  sinceReset: Set<string> | null;
  /** New document versions delivered before the first CURRENT. */
  initialDocs: number;
  initialDone: boolean;
  resumeToken: string | null;
}

export interface ChannelSession {
  kind: "Listen" | "Write";
  lastMapId: number;
  lastArrayId: number;
  /** Write: the first server message of a stream answers the handshake. */
  handshakeDone: boolean;
  /** Write: buckets of the documents of each sent, unconfirmed write message, in order. */
  pendingWrites: string[][];
  /** Listen: targets by id. */
  targets: Map<number, TargetState>;
}

export function newSession(kind: "Listen" | "Write", midStream: boolean): ChannelSession {
  return {
    kind,
    lastMapId: -1,
    lastArrayId: -1,
    handshakeDone: midStream,
    pendingWrites: [],
    targets: new Map(),
  };
}

function newTarget(spec: string, queryBucket: string | null, queryPath: string, requested: string[] = []): TargetState {
  return {
    spec,
    queryBucket,
    queryPath,
    requested,
    docs: new Map(),
    sinceReset: null,
    initialDocs: 0,
    initialDone: false,
    resumeToken: null,
  };
}

/**
 * Counting logic, independent of sockets: fed decoded requests and responses by the proxies (this
 * WebChannel/REST one, and grpc-meter.ts, which decodes gRPC into the same JSON form).
 */
export class WireCounter {
  readonly tally: Tally;
  private readonly sessions = new Map<string, ChannelSession>();
  /** `${resumeToken}|${spec}` -> the versions the target had delivered when it got that token. */
  private readonly resumePoints = new Map<string, Map<string, string>>();

  constructor(onCount?: (event: CountEvent) => void) {
    this.tally = new Tally(onCount);
  }

  session(kind: "Listen" | "Write", sid: string | null): ChannelSession {
    if (sid === null) return newSession(kind, false);
    const key = `${kind}:${sid}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = newSession(kind, true);
      this.sessions.set(key, session);
    }
    return session;
  }

  private adopt(kind: "Listen" | "Write", sid: string, session: ChannelSession): void {
    const key = `${kind}:${sid}`;
    if (!this.sessions.has(key)) this.sessions.set(key, session);
  }

  /** A forward-channel POST body (sent upstream right after this returns). */
  forwardChannel(session: ChannelSession, body: string): void {
    const form = new URLSearchParams(body);
    const offset = Number(form.get("ofs") ?? "0");
    const count = Number(form.get("count") ?? "0");
    if (!Number.isFinite(offset) || !Number.isFinite(count)) return;
    for (let i = 0; i < count; i++) {
      const mapId = offset + i;
      const data = form.get(`req${i}___data__`);
      if (data === null || mapId <= session.lastMapId) continue;
      session.lastMapId = mapId;
      let message: unknown;
      try {
        message = JSON.parse(data);
      } catch {
        continue;
      }
      if (!isObject(message)) continue;
      if (session.kind === "Write") this.clientWriteMessage(session, message);
      else this.clientListenMessage(session, message);
    }
  }

  clientWriteMessage(session: ChannelSession, message: Json): void {
    if (!Array.isArray(message.writes)) return;
    const buckets: string[] = [];
    for (const write of message.writes) {
      const name = writtenDocument(write);
      if (name !== null) buckets.push(name);
    }
    session.pendingWrites.push(buckets);
  }

  clientListenMessage(session: ChannelSession, message: Json): void {
    const add = message.addTarget;
    if (!isObject(add) || typeof add.targetId !== "number") return;
    let queryBucket: string | null = null;
    let queryPath = "";
    let specValue: unknown = null;
    let requested: string[] = [];
    if (isObject(add.query)) {
      specValue = add.query;
      const parent = asString(add.query.parent) ?? "";
      const structured = isObject(add.query.structuredQuery) ? add.query.structuredQuery : {};
      const from = asArray(structured.from)[0];
      const collectionId = isObject(from) ? (asString(from.collectionId) ?? "") : "";
      const allDescendants = isObject(from) && from.allDescendants === true;
      const parentPath = relativeDocumentPath(parent);
      queryPath = allDescendants ? `**/${collectionId}` : [parentPath, collectionId].filter((s) => s).join("/");
      queryBucket = allDescendants ? queryPath : pathBucket(queryPath);
    } else if (isObject(add.documents)) {
      specValue = add.documents;
      requested = asArray(add.documents.documents).filter((d): d is string => typeof d === "string");
    }
    const spec = JSON.stringify(specValue);
    const target = newTarget(spec, queryBucket, queryPath, requested);
    const token = asString(add.resumeToken);
    if (token !== undefined) {
      const known = this.resumePoints.get(`${token}|${spec}`);
      if (known) {
        target.docs = new Map(known);
      }
    }
    session.targets.set(add.targetId, target);
  }

  /** One parsed back-channel chunk of a Listen or Write channel response. */
  backChannelChunk(kind: "Listen" | "Write", session: ChannelSession, chunk: unknown): ChannelSession {
    for (const entry of asArray(chunk)) {
      if (!Array.isArray(entry) || typeof entry[0] !== "number" || !Array.isArray(entry[1])) continue;
      const [arrayId, payload] = entry as [number, unknown[]];
      if (payload[0] === "c" && typeof payload[1] === "string") {
        // The handshake answer names the session; later requests carry it as SID.
        this.adopt(kind, payload[1], session);
        session = this.session(kind, payload[1]);
      }
      if (arrayId <= session.lastArrayId) continue;
      session.lastArrayId = arrayId;
      for (const message of payload) {
        if (!isObject(message)) continue;
        if (kind === "Write") this.serverWriteMessage(session, message);
        else this.serverListenMessage(session, message);
      }
    }
    return session;
  }

  serverWriteMessage(session: ChannelSession, message: Json): void {
    if (isObject(message.error)) {
      session.pendingWrites = [];
      return;
    }
    if (!session.handshakeDone) {
      session.handshakeDone = true;
      return;
    }
    const pending = session.pendingWrites.shift();
    if (pending) {
      for (const name of pending) this.tally.add("write", name, "Write/channel");
      return;
    }
    // A confirmation for a message we did not see (meter started mid-stream): count its results.
    for (let i = 0; i < asArray(message.writeResults).length; i++) {
      this.tally.add("write", "", "Write/channel", UNKNOWN_BUCKET);
    }
  }

  private targetsOf(session: ChannelSession, ids: unknown): TargetState[] {
    const list = asArray(ids).filter((id): id is number => typeof id === "number");
    if (list.length === 0) return [...session.targets.values()];
    return list.map((id) => {
      let target = session.targets.get(id);
      if (!target) {
        target = newTarget(`unknown:${id}`, null, "");
        target.initialDone = true;
        session.targets.set(id, target);
      }
      return target;
    });
  }

  serverListenMessage(session: ChannelSession, message: Json): void {
    const change = message.targetChange;
    if (isObject(change)) {
      this.targetChange(session, change);
      return;
    }
    const docChange = message.documentChange;
    if (isObject(docChange) && isObject(docChange.document)) {
      const name = asString(docChange.document.name) ?? "";
      const version = asString(docChange.document.updateTime) ?? "";
      const targetIds = asArray(docChange.targetIds).filter((id): id is number => typeof id === "number");
      const removedIds = asArray(docChange.removedTargetIds).filter((id): id is number => typeof id === "number");
      let fresh = targetIds.length === 0;
      for (const target of targetIds.length > 0 ? this.targetsOf(session, targetIds) : []) {
        if (target.docs.get(name) !== version) {
          fresh = true;
          if (!target.initialDone) target.initialDocs += 1;
        }
        target.docs.set(name, version);
        target.sinceReset?.add(name);
      }
      for (const target of removedIds.length > 0 ? this.targetsOf(session, removedIds) : []) {
        target.docs.delete(name);
      }
      if (fresh) this.tally.add("read", name, "Listen/channel");
      return;
    }
    for (const key of ["documentDelete", "documentRemove"] as const) {
      const gone = message[key];
      if (isObject(gone)) {
        const name = asString(gone.document) ?? "";
        const ids = asArray(gone.removedTargetIds);
        for (const target of ids.length > 0 ? this.targetsOf(session, ids) : []) target.docs.delete(name);
        return;
      }
    }
  }

  private targetChange(session: ChannelSession, change: Json): void {
    const type = asString(change.targetChangeType) ?? "NO_CHANGE";
    const ids = change.targetIds;
    if (type === "REMOVE") {
      const list = asArray(ids).filter((id): id is number => typeof id === "number");
      if (list.length === 0) session.targets.clear();
      for (const id of list) session.targets.delete(id);
      return;
    }
    const targets = this.targetsOf(session, ids);
    for (const target of targets) {
      if (type === "RESET") target.sinceReset = new Set();
      if (type === "CURRENT") {
        if (target.sinceReset) {
          // After a RESET the server re-sent the whole result; whatever it left out has left it.
          for (const name of [...target.docs.keys()]) {
            if (!target.sinceReset.has(name)) target.docs.delete(name);
          }
          target.sinceReset = null;
        }
        if (!target.initialDone) {
          target.initialDone = true;
          if (target.queryBucket !== null && target.initialDocs === 0) {
            // Firestore bills a query that returns nothing (nothing new, when resumed) as one read.
            this.tally.add("read", target.queryPath, "Listen/channel (empty query)", target.queryBucket);
          }
          for (const name of target.requested) {
            // Looking up a document that does not exist is billed as a read too.
            if (!target.docs.has(name)) this.tally.add("read", name, "Listen/channel (missing document)");
          }
        }
      }
      const token = asString(change.resumeToken);
      if (token !== undefined && target.sinceReset === null) {
        if (target.resumeToken !== null) this.resumePoints.delete(`${target.resumeToken}|${target.spec}`);
        target.resumeToken = token;
        this.resumePoints.set(`${token}|${target.spec}`, new Map(target.docs));
      }
    }
  }

  /** A REST call with its (decoded) request and response bodies; `via` names it in count events. */
  rest(method: string, url: URL, status: number, requestBody: string, responseBody: string, via?: string): void {
    const match = /^\/v1(?:beta1)?\/projects\/[^/]+\/databases\/[^/]+\/documents(.*)$/.exec(url.pathname);
    if (!match) return;
    let rest: string;
    try {
      rest = decodeURIComponent(match[1] ?? "");
    } catch {
      return;
    }
    const colon = rest.lastIndexOf(":");
    const verb = colon >= 0 && !rest.slice(colon).includes("/") ? rest.slice(colon + 1) : "";
    const path = (verb ? rest.slice(0, colon) : rest).replace(/^\/+/, "");
    const ok = status >= 200 && status < 300;
    const parse = (text: string): unknown => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    via ??= `REST ${verb ? `:${verb}` : method}`;
    const segments = path.split("/").filter((s) => s.length > 0);
    const isDocument = segments.length > 0 && segments.length % 2 === 0;
    if (!ok) {
      // A get of a document that does not exist is billed as a read.
      if (status === 404 && method === "GET" && verb === "" && isDocument) this.tally.add("read", path, via);
      return;
    }
    if (verb === "commit" && method === "POST") {
      const body = parse(requestBody);
      for (const write of isObject(body) ? asArray(body.writes) : []) {
        const name = writtenDocument(write);
        if (name !== null) this.tally.add("write", name, via);
      }
    } else if (verb === "batchWrite" && method === "POST") {
      const body = parse(requestBody);
      const response = parse(responseBody);
      const statuses = isObject(response) ? asArray(response.status) : [];
      asArray(isObject(body) ? body.writes : undefined).forEach((write, i) => {
        const name = writtenDocument(write);
        const result = statuses[i];
        const failed = isObject(result) && typeof result.code === "number" && result.code !== 0;
        if (name !== null && !failed) this.tally.add("write", name, via);
      });
    } else if (verb === "batchGet" && method === "POST") {
      for (const item of asArray(parse(responseBody))) {
        if (isObject(item) && isObject(item.found)) this.tally.add("read", asString(item.found.name) ?? "", via);
        // A missing document is billed as a read too.
        else if (isObject(item) && typeof item.missing === "string") this.tally.add("read", item.missing, via);
      }
    } else if (verb === "runQuery" && method === "POST") {
      let found = 0;
      for (const item of asArray(parse(responseBody))) {
        if (isObject(item) && isObject(item.document)) {
          found += 1;
          this.tally.add("read", asString(item.document.name) ?? "", via);
        }
      }
      if (found === 0)
        this.tally.add("read", path, `${via} (empty query)`, queryBucketOfRunQuery(path, parse(requestBody)));
    } else if (verb === "runAggregationQuery" && method === "POST") {
      for (const item of asArray(parse(responseBody))) {
        if (isObject(item) && isObject(item.result)) {
          this.tally.add(
            "read",
            path,
            via,
            queryBucketOfRunQuery(path, parse(requestBody), "structuredAggregationQuery"),
          );
        }
      }
    } else if (verb === "") {
      if (method === "GET" && isDocument) this.tally.add("read", path, via);
      else if (method === "GET" && segments.length > 0) {
        const response = parse(responseBody);
        for (const doc of isObject(response) ? asArray(response.documents) : []) {
          if (isObject(doc)) this.tally.add("read", asString(doc.name) ?? "", via);
        }
      } else if ((method === "PATCH" || method === "DELETE") && isDocument) this.tally.add("write", path, via);
      else if (method === "POST" && !isDocument && segments.length > 0) {
        const response = parse(responseBody);
        const name = isObject(response) ? asString(response.name) : undefined;
        this.tally.add("write", name ?? path, via);
      }
    }
  }
}

function queryBucketOfRunQuery(parentPath: string, body: unknown, key = "structuredQuery"): string {
  let query: unknown = isObject(body) ? body[key] : undefined;
  if (key === "structuredAggregationQuery" && isObject(query)) query = query.structuredQuery;
  const from = isObject(query) ? asArray(query.from)[0] : undefined;
  const collectionId = isObject(from) ? (asString(from.collectionId) ?? "") : "";
  if (isObject(from) && from.allDescendants === true) return `**/${collectionId}`;
  return pathBucket([parentPath, collectionId].filter((s) => s).join("/"));
}

/** Hop-by-hop headers are the proxy's own business on each side; everything else passes as is. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "upgrade"]);

function forwardableHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, raw[i + 1] ?? "");
  }
  return out;
}

function decodeBody(bytes: Buffer, encoding: string | undefined): string | null {
  const enc = (encoding ?? "").trim().toLowerCase();
  try {
    if (enc === "" || enc === "identity") return bytes.toString("utf8");
    if (enc === "gzip" || enc === "x-gzip") return zlib.gunzipSync(bytes).toString("utf8");
    if (enc === "deflate") return zlib.inflateSync(bytes).toString("utf8");
    if (enc === "br") return zlib.brotliDecompressSync(bytes).toString("utf8");
  } catch {
    return null;
  }
  return null;
}

/** Feeds a (possibly compressed) streamed body to `sink` as plain bytes. */
function plainBytes(
  encoding: string | undefined,
  sink: (bytes: Buffer) => void,
): { write(b: Buffer): void; end(): void } {
  const enc = (encoding ?? "").trim().toLowerCase();
  const inflater =
    enc === "gzip" || enc === "x-gzip"
      ? zlib.createGunzip()
      : enc === "deflate"
        ? zlib.createInflate()
        : enc === "br"
          ? zlib.createBrotliDecompress()
          : null;
  if (!inflater) return { write: sink, end: () => undefined };
  inflater.on("data", sink);
  inflater.on("error", () => undefined);
  return { write: (b) => inflater.write(b), end: () => inflater.end() };
}

type Route = { type: "channel"; kind: "Listen" | "Write"; sid: string | null } | { type: "rest" } | { type: "other" };

function routeOf(url: URL): Route {
  const channel = /\/google\.firestore\.v1\.Firestore\/(Listen|Write)\/channel$/.exec(url.pathname);
  if (channel) {
    return { type: "channel", kind: channel[1] === "Write" ? "Write" : "Listen", sid: url.searchParams.get("SID") };
  }
  // REST calls we count; others (e.g. the streaming :listen / :write) pass through untouched.
  const rest = /^\/v1(?:beta1)?\/projects\/[^/]+\/databases\/[^/]+\/documents(?:\/[^:]*)?(?::(\w+))?$/.exec(
    url.pathname,
  );
  const verb = rest?.[1] ?? "";
  if (rest && ["", "commit", "batchWrite", "batchGet", "runQuery", "runAggregationQuery"].includes(verb)) {
    return { type: "rest" };
  }
  return { type: "other" };
}

/** The FirestoreMeter of a proxy that counts with `counter` and listens on `port`. */
export function meterHandle(counter: WireCounter, port: number, close: () => Promise<void>): FirestoreMeter {
  return { port, snapshot: () => counter.tally.snapshot(), reset: () => counter.tally.reset(), close };
}

/** Listens on 127.0.0.1:`port` (0: any free port) and resolves with the port. */
export async function listenOnLoopback(server: http.Server | http2.Http2Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

export async function startFirestoreMeter(options: FirestoreMeterOptions): Promise<FirestoreMeter> {
  const counter = new WireCounter(options.onCount);
  // The emulator does not reliably serve a second request on a kept-alive connection (the reused
  // socket is hung up), so each upstream request gets its own connection.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const inFlight = new Set<http.ClientRequest>();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://proxy.invalid");
    const route = routeOf(url);
    const method = req.method ?? "GET";
    const upstream = http.request({
      host: options.targetHost,
      port: options.targetPort,
      method,
      path: req.url,
      headers: forwardableHeaders(req.rawHeaders),
      agent,
    });
    inFlight.add(upstream);
    upstream.on("close", () => inFlight.delete(upstream));

    // Bodies we must understand are small; they are read whole and counted before being sent on, so
    // nothing the server answers can overtake the count of what was asked.
    const parseRequest = route.type !== "other" && (method === "POST" || method === "PATCH" || method === "PUT");
    const requestParts: Buffer[] = [];
    let requestSize = 0;
    let session: ChannelSession | null = null;

    const onResponse = (upRes: http.IncomingMessage): void => {
      const status = upRes.statusCode ?? 502;
      res.writeHead(status, upRes.statusMessage, forwardableHeaders(upRes.rawHeaders));
      res.flushHeaders();
      const encoding = upRes.headers["content-encoding"];
      const forward = (bytes: Buffer): void => {
        if (!res.write(bytes)) {
          upRes.pause();
          res.once("drain", () => upRes.resume());
        }
      };
      upRes.on("error", () => res.destroy());

      if (route.type === "channel" && status === 200) {
        // Streamed through; each piece is counted before it is passed on (unless compressed).
        const kind = route.kind;
        let current = session ?? counter.session(kind, route.sid);
        const parser = new WebChannelChunkParser((chunk) => {
          current = counter.backChannelChunk(kind, current, chunk);
        });
        const feed = plainBytes(encoding, (bytes) => {
          try {
            parser.push(bytes);
          } catch {
            // Never let counting break the call.
          }
        });
        upRes.on("data", (bytes: Buffer) => {
          feed.write(bytes);
          forward(bytes);
        });
        upRes.on("end", () => {
          feed.end();
          res.end();
        });
        return;
      }

      if (route.type === "rest") {
        // Small, finite answers: held back until counted, so the client never sees an uncounted read.
        const parts: Buffer[] = [];
        let size = 0;
        let streaming = false;
        upRes.on("data", (bytes: Buffer) => {
          if (streaming) return forward(bytes);
          size += bytes.length;
          parts.push(bytes);
          if (size > MAX_PARSE_BYTES) {
            streaming = true;
            for (const part of parts.splice(0)) forward(part);
          }
        });
        upRes.on("end", () => {
          if (!streaming) {
            const raw = Buffer.concat(parts);
            const body = decodeBody(raw, encoding);
            if (body !== null) {
              try {
                counter.rest(method, url, status, Buffer.concat(requestParts).toString("utf8"), body);
              } catch {
                // Never let counting break the call.
              }
            }
            res.end(raw);
          } else {
            res.end();
          }
        });
        return;
      }

      upRes.on("data", forward);
      upRes.on("end", () => res.end());
    };

    upstream.on("response", onResponse);
    upstream.on("error", () => {
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end("firestore-meter: upstream error\n");
      } else {
        res.destroy();
      }
    });
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.on("error", () => upstream.destroy());

    req.on("data", (bytes: Buffer) => {
      if (parseRequest) {
        requestSize += bytes.length;
        if (requestSize <= MAX_PARSE_BYTES) requestParts.push(bytes);
        else if (requestParts.length > 0) {
          // Too big to be a Firestore message we care about: stop buffering, stream the rest.
          for (const part of requestParts) upstream.write(part);
          requestParts.length = 0;
          upstream.write(bytes);
        } else upstream.write(bytes);
      } else {
        upstream.write(bytes);
      }
    });
    req.on("end", () => {
      if (!parseRequest || requestSize > MAX_PARSE_BYTES) {
        upstream.end();
        return;
      }
      const body = Buffer.concat(requestParts);
      if (route.type === "channel") {
        session = counter.session(route.kind, route.sid);
        const encoding = req.headers["content-encoding"];
        if (!encoding || encoding === "identity") {
          try {
            counter.forwardChannel(session, body.toString("utf8"));
          } catch {
            // Never let counting break the call.
          }
        }
      }
      upstream.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  const port = await listenOnLoopback(server, options.port ?? 0);
  return meterHandle(
    counter,
    port,
    () =>
      new Promise<void>((resolve) => {
        for (const request of inFlight) request.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  );
}
