// The REST API and the callable scheduleCall store the same call for the same input (they share
// CallService); a host link makes whoever opens it able to end the call (claimHost + endCall).
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmulatorClients, expectCallableError } from "../support/emulator-clients";
import { apiRequest, client, keyService } from "../support/api-harness";

const clients = new EmulatorClients("api-host-test");
let key = "";

beforeEach(async () => {
  await clients.clearFirestore();
  key = (await keyService(clients).create("clinic")).apiKey;
});
afterEach(() => clients.closeClients());
afterAll(() => clients.close());

/** Who owns the call and the API's own fields: the only differences allowed between the paths. */
const OWNER_FIELDS = [
  "createdBy",
  "createdAt",
  "participants",
  "hostSeatReserved",
  "appId",
  "hostKeyHash",
  "hostUid",
  "hostName",
  "guestName",
  "metadata",
  "sequence",
];
const withoutOwner = (d: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(d).filter(([k]) => !OWNER_FIELDS.includes(k)));

describe("callable and REST", () => {
  it("store the same call for the same input", async () => {
    const alice = await clients.client();
    const input = { startsAt: "2027-06-01T09:00:00+02:00", title: "Same", emptyTimeoutSeconds: 90 };
    const viaCallable = await alice.call<{ id: string; status: string; startsAt: string }>("scheduleCall", input);
    const viaRest = await client(key).createCall(input);
    expect({ status: viaRest.status, startsAt: viaRest.startsAt }).toEqual({
      status: viaCallable.status,
      startsAt: viaCallable.startsAt,
    });
    const stored = await clients.storedCalls();
    const a = stored.get(viaCallable.id)!;
    const b = stored.get(viaRest.id)!;
    expect(withoutOwner(b)).toEqual(withoutOwner(a));
    expect({ createdBy: a.createdBy, participants: a.participants }).toEqual({
      createdBy: alice.uid,
      participants: [alice.uid],
    });
    expect({ createdBy: b.createdBy, participants: b.participants }).toEqual({
      createdBy: "app:clinic",
      participants: [],
    });
  });

  it("refuse the same bad input with the same sentence", async () => {
    const alice = await clients.client();
    for (const input of [{ startsAt: "2027-06-01T09:00:00" }, { title: 5 }, { emptyTimeoutSeconds: 5 }]) {
      const rest = await apiRequest("POST", "/v1/calls", { key, body: input });
      const detail = (rest.body as { detail: string }).detail;
      await expectCallableError(alice.call("scheduleCall", input), "functions/invalid-argument", detail);
    }
    expect((await clients.storedCalls()).size).toBe(0);
  });
});

describe("host link", () => {
  it("lets the person who opens it end the call; a wrong key is refused", async () => {
    const created = await client(key).createCall({ title: "Hosted" });
    const hostKey = new URL(created.hostUrl).searchParams.get("host")!;
    const bob = await clients.client();
    const carol = await clients.client();

    await expectCallableError(
      carol.call("claimHost", { callId: created.id, hostKey: `${hostKey.slice(0, -1)}x` }),
      "functions/permission-denied",
      "This host link is not valid for this call.",
    );
    await expectCallableError(
      carol.call("endCall", { callId: created.id }),
      "functions/permission-denied",
      "Only the person who created this call can end it.",
    );
    expect((await clients.storedCalls()).get(created.id)).toMatchObject({ status: "open", hostUid: null });

    expect(await bob.call("claimHost", { callId: created.id, hostKey })).toEqual({ callId: created.id });
    expect((await clients.storedCalls()).get(created.id)).toMatchObject({ hostUid: bob.uid });
    expect(await client(key).getCall(created.id)).toMatchObject({ hostClaimed: true });
    expect(await bob.call("endCall", { callId: created.id })).toEqual({ status: "ended", endReason: "ended_by_host" });
  });

  it("does not work for another call", async () => {
    const first = await client(key).createCall({});
    const second = await client(key).createCall({});
    const hostKey = new URL(first.hostUrl).searchParams.get("host")!;
    const bob = await clients.client();
    await expectCallableError(
      bob.call("claimHost", { callId: second.id, hostKey }),
      "functions/permission-denied",
      "This host link is not valid for this call.",
    );
  });

  it("works for the replay of an idempotent request (same link)", async () => {
    const first = await client(key).createCall({ title: "x" }, { idempotencyKey: "k-1" });
    const replay = await client(key).createCall({ title: "x" }, { idempotencyKey: "k-1" });
    expect(replay.hostUrl).toBe(first.hostUrl);
  });
});
