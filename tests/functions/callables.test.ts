// The createCall and openRoom callables, called through the Functions emulator with the web SDK the
// app uses. Results are inspected with the Admin SDK (which bypasses security rules).
import { createHash } from "node:crypto";
import { doc, getDoc, setDoc } from "firebase/firestore";
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { CALL_ID_PATTERN, roomIdFromDigest } from "../../functions/src/shared/call-id";
import { CALLS, LIMITS, SIGNALS } from "../../functions/src/shared/call-model";
import { EmulatorClients, expectCallableError, type TestClient } from "../support/emulator-clients";
import { newSignalDoc } from "../support/signal-fixtures";

const clients = new EmulatorClients("callables-test");
const adminDb = clients.admin;

beforeEach(() => clients.clearFirestore());
afterEach(() => clients.closeClients());
afterAll(() => clients.close());

interface Client {
  uid: string | null;
  db: TestClient["db"];
  createCall: (data?: unknown) => Promise<{ id: string }>;
  openRoom: (data?: unknown) => Promise<{ id: string; created: boolean; full: boolean }>;
}

async function client(signedIn = true): Promise<Client> {
  const c = await clients.client(signedIn);
  return {
    uid: c.uid,
    db: c.db,
    createCall: (data) => c.call("createCall", data),
    openRoom: (data) => c.call("openRoom", data),
  };
}

const storedCalls = () => clients.storedCalls();

function roomIdFor(normalizedName: string): string {
  return roomIdFromDigest(new Uint8Array(createHash("sha256").update(normalizedName, "utf8").digest()));
}

describe("createCall", () => {
  it("refuses an unauthenticated caller and writes nothing", async () => {
    const anon = await client(false);
    await expectCallableError(anon.createCall(), "functions/unauthenticated", "Sign in first.");
    expect((await storedCalls()).size).toBe(0);
  });

  it("creates an open call with the caller in the first seat", async () => {
    const alice = await client();
    const before = Date.now();
    const { id } = await alice.createCall();
    expect(id).toMatch(/^[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}$/);

    expect([...(await storedCalls()).keys()]).toEqual([id]);
    // Three documents, one per audience (functions/src/shared/call-model.ts).
    const { record, gate, details } = await clients.storedLayout(id);
    expect(record).toEqual({
      kind: "call",
      status: "open",
      createdBy: alice.uid,
      createdAt: expect.any(Timestamp),
      title: null,
      startsAt: expect.any(Timestamp),
      openedAt: expect.any(Timestamp),
      emptyTimeoutSeconds: 300,
      // Nobody is in it yet: it lives for the unused timeout (functions/.env) unless someone joins.
      expiresAt: Timestamp.fromMillis((record!.startsAt as Timestamp).toMillis() + 3600_000),
      endedAt: null,
      endReason: null,
    });
    expect(gate).toEqual({
      status: "open",
      startsAt: record!.startsAt,
      endReason: null,
      participants: [alice.uid],
      hostSeatReserved: false,
    });
    expect(details).toEqual({ title: null, hostUid: alice.uid, hostName: null, guestName: null });
    // Server time, not something the client made up (allowing for clock skew with the emulator).
    expect(Math.abs((record!.createdAt as Timestamp).toMillis() - before)).toBeLessThan(60_000);
  });

  it("ignores whatever data the client sends", async () => {
    const alice = await client();
    const { id } = await alice.createCall({ id: "aaaa-aaaa-aaaa-aaaa", createdBy: "mallory", participants: [] });
    expect(id).not.toBe("aaaa-aaaa-aaaa-aaaa");
    expect((await storedCalls()).get(id)).toMatchObject({ createdBy: alice.uid, participants: [alice.uid] });
  });

  it("gives a different id each time", async () => {
    const alice = await client();
    const first = await alice.createCall();
    const second = await alice.createCall();
    expect(first.id).not.toBe(second.id);
    expect([...(await storedCalls()).keys()].sort()).toEqual([first.id, second.id].sort());
  });

  it("creates a call the creator can read and join under the security rules", async () => {
    const alice = await client();
    const bob = await client();
    const { id } = await alice.createCall();
    const seen = await getDoc(doc(bob.db, CALLS, id));
    expect(seen.get("participants")).toEqual([alice.uid]);
    await setDoc(doc(alice.db, CALLS, id, SIGNALS, alice.uid!), newSignalDoc());
    expect((await adminDb.doc(`${CALLS}/${id}/${SIGNALS}/${alice.uid}`).get()).get("session")).toBe("session-0001");
  });
});

describe("openRoom", () => {
  it("returns the same room for the same name typed differently, created once by the first user", async () => {
    const alice = await client();
    const bob = await client();

    const first = await alice.openRoom({ name: "Team Standup" });
    const second = await bob.openRoom({ name: "  team   STANDUP " });
    expect(first).toEqual({ id: roomIdFor("team standup"), created: true, full: false });
    expect(second).toEqual({ id: first.id, created: false, full: false });
    expect(first.id).toMatch(CALL_ID_PATTERN);

    const calls = await storedCalls();
    expect([...calls.keys()]).toEqual([first.id]);
    expect(calls.get(first.id)).toMatchObject({
      kind: "room",
      status: "open",
      createdBy: alice.uid,
      createdAt: expect.any(Timestamp),
      participants: [],
      expiresAt: expect.any(Timestamp),
      endReason: null,
    });
  });

  it("leaves an existing room untouched when it is opened again", async () => {
    const alice = await client();
    const bob = await client();
    const { id } = await alice.openRoom({ name: "book club" });
    const before = (await storedCalls()).get(id);
    await bob.openRoom({ name: "Book Club" });
    await alice.openRoom({ name: "BOOK CLUB" });
    const calls = await storedCalls();
    expect(calls.size).toBe(1);
    expect(calls.get(id)).toEqual(before);
  });

  it("gives different names different rooms", async () => {
    const alice = await client();
    const a = await alice.openRoom({ name: "room one" });
    const b = await alice.openRoom({ name: "room two" });
    expect(a.id).not.toBe(b.id);
    expect((await storedCalls()).size).toBe(2);
  });

  it(`accepts a name of exactly ${LIMITS.roomNameMaxLength} characters`, async () => {
    const alice = await client();
    const name = "a".repeat(LIMITS.roomNameMaxLength);
    const { id, created } = await alice.openRoom({ name });
    expect(created).toBe(true);
    expect(id).toBe(roomIdFor(name));
  });

  it("refuses an unauthenticated caller and writes nothing", async () => {
    const anon = await client(false);
    await expectCallableError(anon.openRoom({ name: "team standup" }), "functions/unauthenticated", "Sign in first.");
    expect((await storedCalls()).size).toBe(0);
  });

  const invalid: [string, unknown, string][] = [
    ["an empty name", { name: "" }, "Room name must not be empty."],
    ["a name of only whitespace", { name: " \t\n " }, "Room name must not be empty."],
    ["a number", { name: 42 }, "Room name must be a string."],
    ["null", { name: null }, "Room name must be a string."],
    ["an array", { name: ["team"] }, "Room name must be a string."],
    ["a missing name", {}, "Room name must be a string."],
    ["no data at all", undefined, "Room name must be a string."],
    [
      `a ${LIMITS.roomNameMaxLength + 1}-character name`,
      { name: "a".repeat(LIMITS.roomNameMaxLength + 1) },
      `Room name must be at most ${LIMITS.roomNameMaxLength} characters.`,
    ],
  ];

  for (const [label, data, message] of invalid) {
    it(`refuses ${label} with invalid-argument and writes nothing`, async () => {
      const alice = await client();
      await expectCallableError(alice.openRoom(data), "functions/invalid-argument", message);
      expect((await storedCalls()).size).toBe(0);
    });
  }
});
