// What both counting proxies (firestore-meter.ts, grpc-meter.ts) hand a benchmark: a server on a
// loopback port whose counts can be read and reset, closed with every connection it holds.
import type http from "node:http";
import type http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { MeterSnapshot } from "./wire/tally.js";
import type { WireCounter } from "./wire/wire-counter.js";

export type { CountEvent, MeterSnapshot, OpCounts } from "./wire/tally.js";

export interface FirestoreMeter {
  port: number;
  snapshot(): MeterSnapshot;
  /** Zeroes the counters. Stream state (sessions, delivered versions) is kept. */
  reset(): void;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port) and resolves with the port. */
async function listenOnLoopback(server: http.Server | http2.Http2Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Serves a proxy that counts with `counter` on 127.0.0.1:`port`. Closing stops the server and
 * calls `dropConnections`: open streams (listeners) would otherwise keep it alive.
 */
export async function serveMeter(
  counter: WireCounter,
  server: http.Server | http2.Http2Server,
  port: number,
  dropConnections: () => void,
): Promise<FirestoreMeter> {
  const bound = await listenOnLoopback(server, port);
  return {
    port: bound,
    snapshot: () => counter.tally.snapshot(),
    reset: () => counter.tally.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        dropConnections();
      }),
  };
}
