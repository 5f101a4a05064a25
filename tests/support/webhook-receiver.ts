// A webhook receiver on 127.0.0.1 for tests: records every request it gets and answers 204, or 500
// to the requests numbered in `failing` (1-based), or whatever `answer` says.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER } from "../../functions/src/shared/webhook-signature";

export interface Received {
  eventId: string;
  type: string;
  signature: string;
  host: string;
  body: string;
  status: number;
}

export class Receiver {
  received: Received[] = [];
  failing = new Set<number>();
  /** Overrides the answer: status and extra headers (e.g. a redirect's Location). */
  answer: { status: number; headers?: Record<string, string> } | null = null;
  port = 0;
  private server: Server | null = null;

  /** Starts listening on `host` (a loopback address); returns the receiver's URL. */
  async start(host = "127.0.0.1"): Promise<string> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        const status = this.answer?.status ?? (this.failing.has(this.received.length + 1) ? 500 : 204);
        this.received.push({
          eventId: String(req.headers["firecall-event-id"]),
          type: String(req.headers["firecall-event-type"]),
          signature: String(req.headers[SIGNATURE_HEADER.toLowerCase()]),
          host: String(req.headers.host),
          body,
          status,
        });
        res.writeHead(status, this.answer?.headers ?? {});
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://${host}:${this.port}/firecall-hook`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Waits (bounded) until `count` requests of `type` arrived. */
  async waitFor(type: string, count = 1): Promise<Received[]> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const got = this.received.filter((r) => r.type === type);
      if (got.length >= count) return got;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(
      `timed out waiting for ${type}; got ${this.received.map((r) => `${r.type}:${r.status}`).join(", ")}`,
    );
  }
}
