// A counting gRPC proxy (HTTP/2 cleartext) for the Firestore emulator: what firestore-meter.ts does
// for browsers (WebChannel, REST), for gRPC clients: the Firebase web SDK in Node (the load bench's
// clients) and the Admin SDK in Cloud Functions (routed here by admin-meter-hook.mjs). Frames pass
// through unchanged; each message is decoded with Firestore's own protocol definitions (v1.json of
// @google-cloud/firestore) into the JSON form WebChannel carries, and counted by the same
// WireCounter, so browsers, Node clients and functions are billed by one set of rules.
import http2 from "node:http2";
import protobuf from "protobufjs";
import { createRequire } from "node:module";
import { serveMeter, type FirestoreMeter } from "./meter-server.js";
import { newSession, type ChannelSession } from "./wire/channel-session.js";
import type { Json } from "./wire/json.js";
import type { CountEvent } from "./wire/tally.js";
import { WireCounter } from "./wire/wire-counter.js";

const require = createRequire(import.meta.url);
const root = protobuf.Root.fromJSON(require("@google-cloud/firestore/build/protos/v1.json") as protobuf.INamespace);
const type = (name: string) => root.lookupType(`google.firestore.v1.${name}`);

/** Request and response types of the RPCs that are counted; the rest pass through unread. */
const RPCS: Record<string, { request: protobuf.Type; response: protobuf.Type }> = {
  Listen: { request: type("ListenRequest"), response: type("ListenResponse") },
  Write: { request: type("WriteRequest"), response: type("WriteResponse") },
  Commit: { request: type("CommitRequest"), response: type("CommitResponse") },
  BatchGetDocuments: { request: type("BatchGetDocumentsRequest"), response: type("BatchGetDocumentsResponse") },
  RunQuery: { request: type("RunQueryRequest"), response: type("RunQueryResponse") },
  RunAggregationQuery: { request: type("RunAggregationQueryRequest"), response: type("RunAggregationQueryResponse") },
};

/** Timestamps as one comparable string, the way WebChannel's JSON carries them. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Json);
  const keys = entries.map(([k]) => k);
  if (keys.includes("seconds") && keys.every((k) => k === "seconds" || k === "nanos")) {
    const v = value as { seconds?: unknown; nanos?: unknown };
    return `${String(v.seconds ?? 0)}.${String(v.nanos ?? 0).padStart(9, "0")}`;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, normalize(v)]));
}

function decode(messageType: protobuf.Type, bytes: Buffer): Json {
  const message = messageType.decode(bytes);
  return normalize(messageType.toObject(message, { enums: String, bytes: String, longs: String })) as Json;
}

/** Splits a gRPC byte stream into messages: 1 byte compressed flag, 4 bytes length, the message. */
class FrameReader {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(private readonly onMessage: (bytes: Buffer, compressed: boolean) => void) {}

  push(bytes: Buffer): void {
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
    while (this.buffer.length >= 5) {
      const length = this.buffer.readUInt32BE(1);
      if (this.buffer.length < 5 + length) return;
      const compressed = this.buffer[0] === 1;
      this.onMessage(this.buffer.subarray(5, 5 + length), compressed);
      this.buffer = this.buffer.subarray(5 + length);
    }
  }
}

/** Counts one RPC: streams go to the WireCounter as they flow, unary calls when they end. */
class RpcCount {
  private session: ChannelSession | null = null;
  private readonly requests: Json[] = [];
  private readonly responses: Json[] = [];

  constructor(
    private readonly counter: WireCounter,
    private readonly method: string,
  ) {
    if (method === "Listen" || method === "Write") this.session = newSession(method, false);
  }

  request(message: Json): void {
    if (this.method === "Listen") this.counter.clientListenMessage(this.session!, message);
    else if (this.method === "Write") this.counter.clientWriteMessage(this.session!, message);
    else this.requests.push(message);
  }

  response(message: Json): void {
    if (this.method === "Listen") this.counter.serverListenMessage(this.session!, message);
    else if (this.method === "Write") this.counter.serverWriteMessage(this.session!, message);
    else this.responses.push(message);
  }

  /** The call's status arrived (trailers): unary calls are counted like their REST twins. */
  end(grpcStatus: number): void {
    if (this.method === "Write" && grpcStatus !== 0) this.counter.serverWriteMessage(this.session!, { error: {} });
    const request = this.requests[0];
    if (!request) return;
    const database = String(request.database ?? request.parent ?? "").replace(/\/documents(\/.*)?$/, "");
    const verb: Record<string, [string, string]> = {
      Commit: [`${database}/documents`, "commit"],
      BatchGetDocuments: [`${database}/documents`, "batchGet"],
      RunQuery: [String(request.parent ?? ""), "runQuery"],
      RunAggregationQuery: [String(request.parent ?? ""), "runAggregationQuery"],
    };
    const target = verb[this.method];
    if (!target) return;
    const url = new URL(`http://grpc.invalid/v1/${target[0]}:${target[1]}`);
    // A failed commit wrote nothing; a failed read still delivered (and billed) what it streamed.
    const status = this.method === "Commit" && grpcStatus !== 0 ? 500 : 200;
    const body = this.method === "Commit" ? "{}" : JSON.stringify(this.responses);
    this.counter.rest("POST", url, status, JSON.stringify(request), body, `gRPC ${this.method}`);
  }
}

export interface GrpcMeterOptions {
  targetHost: string;
  targetPort: number;
  /** Port to listen on (127.0.0.1); 0 or omitted = ephemeral. */
  port?: number;
  onCount?: (event: CountEvent) => void;
}

function forwardHeaders(headers: http2.IncomingHttpHeaders): http2.OutgoingHttpHeaders {
  const out: http2.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(":") && name !== ":method" && name !== ":path" && name !== ":authority") continue;
    if (name === "connection" || name === "keep-alive" || name === "transfer-encoding") continue;
    out[name] = value;
  }
  return out;
}

export async function startGrpcMeter(options: GrpcMeterOptions): Promise<FirestoreMeter> {
  const counter = new WireCounter(options.onCount);
  let upstream: http2.ClientHttp2Session | null = null;
  /** One multiplexed connection to the emulator, made again if the emulator closed it. */
  const upstreamSession = () => {
    if (!upstream || upstream.closed || upstream.destroyed) {
      upstream = http2.connect(`http://${options.targetHost}:${options.targetPort}`);
      upstream.on("error", () => undefined); // each stream reports its own failure
    }
    return upstream;
  };
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on("session", (session) => {
    sessions.add(session);
    session.on("close", () => sessions.delete(session));
  });
  server.on("stream", (stream, headers) => {
    const method = String(headers[":path"] ?? "").replace(/^\/google\.firestore\.v1\.Firestore\//, "");
    const rpc = RPCS[method];
    const count = rpc ? new RpcCount(counter, method) : null;
    const safely = (work: () => void) => {
      try {
        work();
      } catch {
        // Never let counting break the call.
      }
    };
    const requests = new FrameReader((bytes, compressed) => {
      if (count && rpc && !compressed) safely(() => count.request(decode(rpc.request, bytes)));
    });
    const responses = new FrameReader((bytes, compressed) => {
      if (count && rpc && !compressed) safely(() => count.response(decode(rpc.response, bytes)));
    });
    const call = upstreamSession().request(forwardHeaders(headers), { endStream: false });
    let trailers: http2.OutgoingHttpHeaders | null = null;
    call.on("response", (responseHeaders, flags) => {
      const endStream = (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) !== 0;
      if (endStream) safely(() => count?.end(Number(responseHeaders["grpc-status"] ?? 0)));
      stream.respond(forwardHeaders(responseHeaders), endStream ? { endStream: true } : { waitForTrailers: true });
    });
    call.on("trailers", (t) => {
      trailers = forwardHeaders(t);
      safely(() => count?.end(Number(t["grpc-status"] ?? 0)));
    });
    stream.on("wantTrailers", () => stream.sendTrailers(trailers ?? { "grpc-status": "0" }));
    call.on("data", (bytes: Buffer) => {
      responses.push(bytes);
      if (!stream.destroyed) stream.write(bytes);
    });
    call.on("end", () => {
      if (!stream.destroyed && !stream.writableEnded) stream.end();
    });
    call.on("error", () => stream.destroy());
    call.on("close", () => {
      if (call.rstCode && call.rstCode !== http2.constants.NGHTTP2_NO_ERROR && !stream.destroyed) {
        stream.close(call.rstCode);
      }
    });
    stream.on("data", (bytes: Buffer) => {
      requests.push(bytes);
      if (!call.destroyed) call.write(bytes);
    });
    stream.on("end", () => {
      if (!call.destroyed) call.end();
    });
    stream.on("close", () => {
      if (!call.destroyed) call.close(http2.constants.NGHTTP2_CANCEL);
    });
    stream.on("error", () => call.destroy());
  });

  return serveMeter(counter, server, options.port ?? 0, () => {
    upstream?.destroy();
    for (const session of sessions) session.destroy();
  });
}
