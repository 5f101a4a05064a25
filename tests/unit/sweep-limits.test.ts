// How one sweep works through a backlog, with the store faked at its boundary: which queries it
// repeats, and that nothing can make it loop without end. The emulator test in
// tests/functions/lifecycle-sweep.test.ts runs the same code against Firestore.
import { describe, expect, it } from "vitest";
import { LifecycleService, type SweepLimits } from "../../functions/src/service/lifecycle-service";
import type { CallStore } from "../../functions/src/store/call-store";

/** A store whose expiry query serves `due()` and whose transactions see no call (so nothing is handled). */
function fakeStore(due: (round: number, limit: number) => string[]) {
  const calls = { expireQueries: 0, transactions: 0 };
  const store = {
    reads: 0,
    dueToOpen: async () => [],
    callsWithStalePresence: async () => [],
    dueToExpire: async (_now: number, limit: number) => due(calls.expireQueries++, limit),
    update: async (_id: string, _opts: unknown, fn: (snap: { call: null; presences: [] }) => { result: unknown }) => {
      calls.transactions++;
      return fn({ call: null, presences: [] }).result;
    },
  };
  return { store: store as unknown as CallStore, calls };
}

const limits = (patch: Partial<SweepLimits>): SweepLimits => ({
  batch: 10,
  concurrency: 4,
  budgetMs: 30_000,
  maxRounds: 25,
  ...patch,
});
const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `call-${from + i}`);

describe("one sweep's rounds", () => {
  it("asks again while a round comes back full, and stops at the first round that is not", async () => {
    const { store, calls } = fakeStore((round, limit) => (round < 3 ? ids(round * limit, limit) : ids(99, 3)));
    await new LifecycleService(store, { unusedTimeoutSeconds: 60 }, limits({})).sweep(Date.now());
    expect(calls.expireQueries).toBe(4);
    expect(calls.transactions).toBe(33);
  });

  it("stops when a full round holds only calls it already tried (a stuck entry cannot spin it)", async () => {
    const { store, calls } = fakeStore((_round, limit) => ids(0, limit));
    await new LifecycleService(store, { unusedTimeoutSeconds: 60 }, limits({})).sweep(Date.now());
    expect(calls.expireQueries).toBe(2);
    expect(calls.transactions).toBe(10);
  });

  it("never runs more rounds than maxRounds, nor any once its time budget is spent", async () => {
    const endless = fakeStore((round, limit) => ids(round * limit, limit));
    await new LifecycleService(endless.store, { unusedTimeoutSeconds: 60 }, limits({ maxRounds: 5 })).sweep(0);
    expect(endless.calls.expireQueries).toBe(5);
    const spent = fakeStore((round, limit) => ids(round * limit, limit));
    await new LifecycleService(spent.store, { unusedTimeoutSeconds: 60 }, limits({ budgetMs: 0 })).sweep(0);
    expect(spent.calls.expireQueries).toBe(0);
  });
});
