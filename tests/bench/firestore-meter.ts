// A counting HTTP/1.1 proxy for the Firestore emulator. Browser pages (or REST clients) talk to the
// proxy instead of 127.0.0.1:8080; every request and response passes through byte for byte, and the
// proxy counts, from the wire alone, the document reads and writes Firestore would bill for them.
// It does not trust (or import) any app code.
//
// What it understands (checked against the emulator and firebase JS SDK 12.19 in Chromium by
// tests/bench/firestore-meter-check.ts; unit tests replay captured samples): WebChannel streams
// (the default transport and experimentalForceLongPolling alike), counted by wire/wire-counter.ts,
// and REST v1 calls, counted by wire/rest-count.ts. This file routes and relays.
//
// What it cannot see: reads made by security rules (get()/exists() in firestore.rules are billed as
// reads too), and anything that does not go through the proxy (e.g. the Admin SDK in Cloud Functions,
// which speaks gRPC straight to FIRESTORE_EMULATOR_HOST; grpc-meter.ts counts that).
import http from "node:http";
import { serveMeter, type FirestoreMeter } from "./meter-server.js";
import type { ChannelSession } from "./wire/channel-session.js";
import { decodeBody, forwardableHeaders, plainBytes } from "./wire/http-bodies.js";
import type { CountEvent } from "./wire/tally.js";
import { WebChannelChunkParser } from "./wire/webchannel-parser.js";
import { WireCounter } from "./wire/wire-counter.js";

export type { CountEvent, FirestoreMeter, MeterSnapshot, OpCounts } from "./meter-server.js";

export interface FirestoreMeterOptions {
  targetHost: string;
  targetPort: number;
  /** Port to listen on (127.0.0.1); 0 or omitted = ephemeral. */
  port?: number;
  /** Called for every counted read and write, e.g. to log what a benchmark step cost. */
  onCount?: (event: CountEvent) => void;
}

/** Largest response or request body we buffer for parsing; bigger ones pass through uncounted. */
const MAX_PARSE_BYTES = 64 * 1024 * 1024;

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
  return serveMeter(counter, server, options.port ?? 0, () => {
    for (const request of inFlight) request.destroy();
    server.closeAllConnections();
    agent.destroy();
  });
}
