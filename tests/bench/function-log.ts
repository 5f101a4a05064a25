// Counts Cloud Functions invocations on the emulators, from the Emulator Suite's log stream (the
// logging emulator's WebSocket, which carries the Functions emulator's "Beginning execution of"
// and "Finished … in N ms" lines), so a benchmark sees every invocation: callables the clients
// make and triggers Firestore fires, with how long each ran.
const LOGGING = process.env.FIREBASE_LOGGING_EMULATOR_HOST ?? "127.0.0.1:4500";

export interface FunctionCounts {
  /** Invocations started, by function name. */
  invocations: Record<string, number>;
  /** Run times in ms, by function name (of those that finished). */
  durationsMs: Record<string, number[]>;
}

export interface FunctionLog {
  snapshot(): FunctionCounts;
  reset(): void;
  close(): void;
}

const BEGIN = /Beginning execution of "(?:[\w-]+-)?([A-Za-z0-9_]+)"/;
const FINISH = /Finished "(?:[\w-]+-)?([A-Za-z0-9_]+)" in ([\d.]+)ms/;

/** Connects to the log stream; resolves once connected and the history it replays is skipped. */
export async function watchFunctionLog(): Promise<FunctionLog> {
  let counts: FunctionCounts = { invocations: {}, durationsMs: {} };
  const socket = new WebSocket(`ws://${LOGGING}/`);
  const connectedAt = Date.now();
  socket.addEventListener("message", (event) => {
    let entry: { message?: unknown; timestamp?: unknown };
    try {
      entry = JSON.parse(String(event.data)) as typeof entry;
    } catch {
      return;
    }
    // The stream replays its whole history to a new listener: only what happens from now counts.
    if (typeof entry.timestamp !== "number" || entry.timestamp < connectedAt) return;
    const message = typeof entry.message === "string" ? entry.message : "";
    const begin = BEGIN.exec(message);
    if (begin) counts.invocations[begin[1]!] = (counts.invocations[begin[1]!] ?? 0) + 1;
    const finish = FINISH.exec(message);
    if (finish) (counts.durationsMs[finish[1]!] ??= []).push(Number(finish[2]));
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no logging emulator at ws://${LOGGING}`)), 10_000);
    socket.addEventListener("open", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Error(`no logging emulator at ws://${LOGGING} (START_LOGGING_EMULATOR=true starts it)`));
    });
  });
  return {
    snapshot: () => structuredClone(counts),
    reset: () => {
      counts = { invocations: {}, durationsMs: {} };
    },
    close: () => socket.close(),
  };
}

/** Total invocations in `counts`, optionally of one function. */
export function invocationTotal(counts: FunctionCounts, name?: string): number {
  if (name) return counts.invocations[name] ?? 0;
  return Object.values(counts.invocations).reduce((sum, n) => sum + n, 0);
}
