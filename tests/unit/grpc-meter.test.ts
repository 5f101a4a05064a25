// The gRPC meter between a client and a stand-in for the Firestore emulator (a fake upstream is
// this unit test's boundary): bytes and trailers pass unchanged, and reads and writes are billed
// as Firestore would bill them, including the emulator's habit of re-sending a whole result set.
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import protobuf from "protobufjs";
import { afterEach, describe, expect, it } from "vitest";
import type { FirestoreMeter } from "../bench/firestore-meter.js";
import { startGrpcMeter } from "../bench/grpc-meter.js";

const require = createRequire(import.meta.url);
const root = protobuf.Root.fromJSON(require("@google-cloud/firestore/build/protos/v1.json") as protobuf.INamespace);
const type = (name: string) => root.lookupType(`google.firestore.v1.${name}`);
const DB = "projects/demo-firecall/databases/(default)";

function frame(messageType: protobuf.Type, value: Record<string, unknown>): Buffer {
  const body = Buffer.from(messageType.encode(messageType.fromObject(value)).finish());
  const head = Buffer.alloc(5);
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

const doc = (id: string, seconds: number) => ({
  name: `${DB}/documents/calls/c1/signals/${id}`,
  updateTime: { seconds, nanos: 0 },
});

/** Answers each RPC with the frames `replies` gives for its path, then the given grpc-status. */
async function fakeEmulator(replies: Record<string, { frames: Buffer[]; status: number }>) {
  const server = http2.createServer();
  server.on("stream", (stream, headers) => {
    const reply = replies[String(headers[":path"])];
    stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
    stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": String(reply?.status ?? 12) }));
    stream.once("data", () => {
      for (const f of reply?.frames ?? []) stream.write(f);
      stream.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(r)) };
}

/** One RPC through the meter: returns the response bytes and the grpc-status the client saw. */
async function rpc(port: number, method: string, request: Buffer) {
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const call = client.request({
      ":method": "POST",
      ":path": `/google.firestore.v1.Firestore/${method}`,
      "content-type": "application/grpc",
      te: "trailers",
    });
    const chunks: Buffer[] = [];
    let status = "";
    call.on("data", (b: Buffer) => chunks.push(b));
    call.on("trailers", (t) => (status = String(t["grpc-status"])));
    call.end(request);
    await new Promise((resolve) => call.on("close", resolve));
    return { bytes: Buffer.concat(chunks), status };
  } finally {
    client.close();
  }
}

describe("the gRPC meter", () => {
  let meter: FirestoreMeter | null = null;
  let upstream: { close(): Promise<unknown> } | null = null;
  afterEach(async () => {
    await meter?.close();
    await upstream?.close();
  });

  it("passes a Listen stream through and bills new document versions once, not the emulator's re-sends", async () => {
    const L = type("ListenResponse");
    const frames = [
      frame(L, { targetChange: { targetChangeType: "ADD", targetIds: [2] } }),
      frame(L, { documentChange: { document: doc("alice", 1), targetIds: [2] } }),
      frame(L, { documentChange: { document: doc("bob", 1), targetIds: [2] } }),
      frame(L, { targetChange: { targetChangeType: "CURRENT", targetIds: [2], resumeToken: Buffer.from("t1") } }),
      // A change to bob: the emulator resets the target and re-sends alice unchanged.
      frame(L, { targetChange: { targetChangeType: "RESET", targetIds: [2] } }),
      frame(L, { documentChange: { document: doc("alice", 1), targetIds: [2] } }),
      frame(L, { documentChange: { document: doc("bob", 2), targetIds: [2] } }),
      frame(L, { targetChange: { targetChangeType: "CURRENT", targetIds: [2], resumeToken: Buffer.from("t2") } }),
    ];
    const emulator = await fakeEmulator({ "/google.firestore.v1.Firestore/Listen": { frames, status: 0 } });
    upstream = emulator;
    meter = await startGrpcMeter({ targetHost: "127.0.0.1", targetPort: emulator.port });
    const request = frame(type("ListenRequest"), {
      database: DB,
      addTarget: {
        targetId: 2,
        query: { parent: `${DB}/documents/calls/c1`, structuredQuery: { from: [{ collectionId: "signals" }] } },
      },
    });
    const seen = await rpc(meter.port, "Listen", request);
    expect(seen.bytes.equals(Buffer.concat(frames))).toBe(true);
    expect(seen.status).toBe("0");
    expect(meter.snapshot()).toEqual({
      reads: 3,
      writes: 0,
      byPath: { "calls/*/signals": { reads: 3, writes: 0 } },
    });
  });

  it("bills a commit's writes when it succeeds and none when it fails", async () => {
    const commit = frame(type("CommitRequest"), {
      database: DB,
      writes: [
        { update: { name: `${DB}/documents/calls/c1`, fields: {} } },
        { delete: `${DB}/documents/calls/c1/signals/a` },
      ],
    });
    const emulator = await fakeEmulator({
      "/google.firestore.v1.Firestore/Commit": { frames: [frame(type("CommitResponse"), {})], status: 0 },
      "/google.firestore.v1.Firestore/Rollback": { frames: [], status: 0 },
    });
    upstream = emulator;
    meter = await startGrpcMeter({ targetHost: "127.0.0.1", targetPort: emulator.port });
    expect((await rpc(meter.port, "Commit", commit)).status).toBe("0");
    expect(meter.snapshot().writes).toBe(2);

    await meter.close();
    await upstream.close();
    const failing = await fakeEmulator({ "/google.firestore.v1.Firestore/Commit": { frames: [], status: 10 } });
    upstream = failing;
    meter = await startGrpcMeter({ targetHost: "127.0.0.1", targetPort: failing.port });
    expect((await rpc(meter.port, "Commit", commit)).status).toBe("10");
    expect(meter.snapshot().writes).toBe(0);
  });

  it("bills a batch get per document, found or missing, and an empty query as one read", async () => {
    const B = type("BatchGetDocumentsResponse");
    const emulator = await fakeEmulator({
      "/google.firestore.v1.Firestore/BatchGetDocuments": {
        frames: [frame(B, { found: doc("alice", 1) }), frame(B, { missing: `${DB}/documents/calls/c1/signals/x` })],
        status: 0,
      },
      "/google.firestore.v1.Firestore/RunQuery": {
        frames: [frame(type("RunQueryResponse"), { readTime: { seconds: 5 } })],
        status: 0,
      },
    });
    upstream = emulator;
    meter = await startGrpcMeter({ targetHost: "127.0.0.1", targetPort: emulator.port });
    await rpc(meter.port, "BatchGetDocuments", frame(type("BatchGetDocumentsRequest"), { database: DB }));
    await rpc(
      meter.port,
      "RunQuery",
      frame(type("RunQueryRequest"), {
        parent: `${DB}/documents`,
        structuredQuery: { from: [{ collectionId: "calls" }] },
      }),
    );
    expect(meter.snapshot()).toEqual({
      reads: 3,
      writes: 0,
      byPath: { calls: { reads: 1, writes: 0 }, "calls/*/signals": { reads: 2, writes: 0 } },
    });
  });
});
