// The load bench's three counters read as one: Firestore reads and writes of the clients (gRPC
// meter in front of the emulator), of the functions (Admin SDK, through its own gRPC meter), and
// function invocations (the emulators' log stream).
import type { FirestoreMeter, OpCounts } from "./firestore-meter.js";
import { invocationTotal, type FunctionCounts, type FunctionLog } from "./function-log.js";
import { startGrpcMeter } from "./grpc-meter.js";
import { settled } from "./setup-counts.js";
import { watchFunctionLog } from "./function-log.js";

export interface PhaseCost {
  clients: OpCounts;
  functions: OpCounts;
  invocations: FunctionCounts;
}

export interface LoadMeters {
  /** Where the clients' Firestore goes. */
  clientPort: number;
  /** False when the functions' Firestore traffic is not routed through the admin meter. */
  functionsMetered: boolean;
  reset(): void;
  snapshot(): PhaseCost;
  /** Waits until no counter has moved for `quietMs` (at most `limitMs`). */
  settled(quietMs?: number, limitMs?: number): Promise<void>;
  close(): Promise<void>;
}

const FIRESTORE = { host: "127.0.0.1", port: 8080 };

/**
 * FIRECALL_ADMIN_FIRESTORE_HOST is where admin-meter-hook.mjs points the functions' Admin SDK;
 * `npm run bench` sets it (and the hook) for BENCH_ONLY=load.
 */
export async function startLoadMeters(): Promise<LoadMeters> {
  const client = await startGrpcMeter({ targetHost: FIRESTORE.host, targetPort: FIRESTORE.port });
  const adminHost = process.env.FIRECALL_ADMIN_FIRESTORE_HOST;
  let admin: FirestoreMeter | null = null;
  if (adminHost) {
    const port = Number(adminHost.split(":")[1]);
    admin = await startGrpcMeter({ targetHost: FIRESTORE.host, targetPort: FIRESTORE.port, port });
  } else {
    console.log("  (the functions' own reads and writes are not metered: run this through `npm run bench`)");
  }
  const log: FunctionLog = await watchFunctionLog();
  const total = () => {
    const c = client.snapshot();
    const a = admin?.snapshot() ?? { reads: 0, writes: 0 };
    return c.reads + c.writes + a.reads + a.writes + invocationTotal(log.snapshot());
  };
  return {
    clientPort: client.port,
    functionsMetered: admin !== null,
    reset: () => {
      client.reset();
      admin?.reset();
      log.reset();
    },
    snapshot: () => {
      const c = client.snapshot();
      const a = admin?.snapshot() ?? { reads: 0, writes: 0 };
      return {
        clients: { reads: c.reads, writes: c.writes },
        functions: { reads: a.reads, writes: a.writes },
        invocations: log.snapshot(),
      };
    },
    settled: (quietMs = 1500, limitMs = 30_000) => settled(total, quietMs, limitMs),
    close: async () => {
      log.close();
      await client.close();
      await admin?.close();
    },
  };
}
