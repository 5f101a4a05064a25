// The REST API's call endpoints through the Functions emulator, happy paths through the typed
// client (clients/firecall-api.ts). Every response is validated against functions/openapi.json.
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FirecallApiError, type FirecallApi } from "../../clients/firecall-api";
import { EmulatorClients, functionsEnv } from "../support/emulator-clients";
import { apiRequest, client, keyService, storedCounts } from "../support/api-harness";

const clients = new EmulatorClients("api-calls-test");
const BASE_URL = functionsEnv().APP_BASE_URL;
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

let keyA: string;
let keyB: string;
let appA: FirecallApi;
let appB: FirecallApi;

beforeEach(async () => {
  await clients.clearFirestore();
  keyA = (await keyService(clients).create("clinic-a")).apiKey;
  keyB = (await keyService(clients).create("clinic-b")).apiKey;
  appA = client(keyA);
  appB = client(keyB);
});
afterAll(() => clients.close());

async function expectProblem(p: Promise<unknown>, status: number, code: string): Promise<void> {
  const err = await p.then(
    (v) => new Error(`expected ${status} ${code}, got ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FirecallApiError);
  expect({ status: (err as FirecallApiError).status, code: (err as FirecallApiError).code }).toEqual({ status, code });
}

describe("POST /v1/calls", () => {
  it("creates a scheduled call owned by the app, nobody seated, links to the web app", async () => {
    const created = await appA.createCall({
      startsAt: "2027-03-01T10:30:00+01:00",
      title: "Consultation",
      emptyTimeoutSeconds: 600,
      host: "Dr. Who",
      guest: "Amy",
      metadata: { appointmentId: "A-17" },
    });
    expect(created).toMatchObject({
      status: "scheduled",
      startsAt: "2027-03-01T09:30:00.000Z",
      title: "Consultation",
      emptyTimeoutSeconds: 600,
      host: "Dr. Who",
      guest: "Amy",
      metadata: { appointmentId: "A-17" },
      sequence: 0,
      hostClaimed: false,
      endReason: null,
      guestUrl: `${BASE_URL}/c/${created.id}`,
      icsUrl: `${BASE_URL}/api/v1/calls/${created.id}.ics`,
    });
    expect(created.hostUrl).toMatch(new RegExp(`^${BASE_URL}/c/${created.id}\\?host=[A-Za-z0-9_-]{43}$`));
    const stored = (await clients.storedCalls()).get(created.id)!;
    expect(stored).toMatchObject({
      appId: "clinic-a",
      createdBy: "app:clinic-a",
      participants: [],
      status: "scheduled",
      startsAt: Timestamp.fromDate(new Date("2027-03-01T09:30:00Z")),
      hostUid: null,
      sequence: 0,
    });
    // Only the host key's hash is stored.
    const hostKey = new URL(created.hostUrl).searchParams.get("host")!;
    expect(JSON.stringify(stored)).not.toContain(hostKey);
    expect(stored.hostKeyHash).toMatch(/^[a-f0-9]{64}$/);
  });

  it("opens a call at once without startsAt, and answers 201 with a Location", async () => {
    const res = await apiRequest("POST", "/v1/calls", { key: keyA, body: {} });
    expect(res.status).toBe(201);
    const body = res.body as { id: string; status: string; openedAt: string | null };
    expect(body).toMatchObject({ status: "open", openedAt: expect.any(String) });
    expect(res.headers.get("location")).toBe(`/api/v1/calls/${body.id}`);
  });
});

describe("GET /v1/calls/{id} and isolation between apps", () => {
  it("shows the app its call and hides it from another app on every endpoint", async () => {
    const { id } = await appA.createCall({ startsAt: inMinutes(60) });
    expect(await appA.getCall(id)).toMatchObject({ id, status: "scheduled" });
    await expectProblem(appB.getCall(id), 404, "call_not_found");
    await expectProblem(appB.rescheduleCall(id, { startsAt: inMinutes(90) }), 404, "call_not_found");
    await expectProblem(appB.endCall(id), 404, "call_not_found");
    await expectProblem(appB.callIcs(id), 404, "call_not_found");
    expect((await appB.listCalls()).calls).toEqual([]);
    // Nothing changed.
    expect(await appA.getCall(id)).toMatchObject({ status: "scheduled", sequence: 0 });
  });

  it("answers call_not_found for an id that does not exist or cannot exist", async () => {
    await expectProblem(appA.getCall("abcd-efgh-ijkm-nopq"), 404, "call_not_found");
    await expectProblem(appA.getCall("not-a-call"), 404, "call_not_found");
  });
});

describe("GET /v1/calls", () => {
  it("lists the app's calls by start time, filters by status and time, and pages with a cursor", async () => {
    const ids: string[] = [];
    for (const m of [300, 100, 200, 400]) ids.push((await appA.createCall({ startsAt: inMinutes(m) })).id);
    await appB.createCall({ startsAt: inMinutes(150) });
    const open = await appA.createCall({});
    const [at300, at100, at200, at400] = ids as [string, string, string, string];

    const all = await appA.listCalls();
    expect(all.calls.map((c) => c.id)).toEqual([open.id, at100, at200, at300, at400]);
    expect(all.nextCursor).toBeNull();

    const scheduled = await appA.listCalls({ status: "scheduled", from: inMinutes(150), to: inMinutes(350) });
    expect(scheduled.calls.map((c) => c.id)).toEqual([at200, at300]);

    const first = await appA.listCalls({ limit: 2 });
    expect(first.calls.map((c) => c.id)).toEqual([open.id, at100]);
    const second = await appA.listCalls({ limit: 2, cursor: first.nextCursor! });
    expect(second.calls.map((c) => c.id)).toEqual([at200, at300]);
    const third = await appA.listCalls({ limit: 2, cursor: second.nextCursor! });
    expect(third.calls.map((c) => c.id)).toEqual([at400]);
    expect(third.nextCursor).toBeNull();

    const everything: string[] = [];
    for await (const c of appA.allCalls({ limit: 3 })) everything.push(c.id);
    expect(everything).toEqual(all.calls.map((c) => c.id));
  });
});

describe("PATCH /v1/calls/{id}", () => {
  it("reschedules a scheduled call and increases its sequence (and the .ics SEQUENCE)", async () => {
    const { id } = await appA.createCall({ startsAt: inMinutes(60), title: "Old" });
    const moved = await appA.rescheduleCall(id, { startsAt: "2027-05-01T08:00:00-04:00", title: "New" });
    expect(moved).toMatchObject({
      id,
      status: "scheduled",
      startsAt: "2027-05-01T12:00:00.000Z",
      title: "New",
      sequence: 1,
    });
    const again = await appA.rescheduleCall(id, { emptyTimeoutSeconds: 45 });
    expect(again).toMatchObject({
      startsAt: "2027-05-01T12:00:00.000Z",
      title: "New",
      emptyTimeoutSeconds: 45,
      sequence: 2,
    });
    const ics = await appA.callIcs(id);
    expect(ics).toContain("SEQUENCE:2\r\n");
    expect(ics).toContain("DTSTART:20270501T120000Z\r\n");
    const stored = (await clients.storedCalls()).get(id)!;
    expect(stored.expiresAt).toEqual(
      Timestamp.fromMillis(
        Date.parse("2027-05-01T12:00:00Z") + Number(functionsEnv().CALL_UNUSED_TIMEOUT_SECONDS) * 1000,
      ),
    );
  });

  it("opens the call when moved to now", async () => {
    const { id } = await appA.createCall({ startsAt: inMinutes(60) });
    expect(await appA.rescheduleCall(id, { startsAt: new Date().toISOString() })).toMatchObject({
      status: "open",
      sequence: 1,
    });
  });

  it("refuses an open call with 409 and an ended one with 410, changing nothing", async () => {
    const open = await appA.createCall({});
    await expectProblem(appA.rescheduleCall(open.id, { startsAt: inMinutes(10) }), 409, "call_started");
    const cancelled = await appA.createCall({ startsAt: inMinutes(10) });
    await appA.endCall(cancelled.id);
    await expectProblem(appA.rescheduleCall(cancelled.id, { startsAt: inMinutes(20) }), 410, "call_ended");
    expect(await appA.getCall(cancelled.id)).toMatchObject({ status: "cancelled", sequence: 0 });
  });
});

describe("POST /v1/calls/{id}/end and the .ics", () => {
  it("cancels a scheduled call (METHOD:CANCEL) and answers the same when asked again", async () => {
    const { id } = await appA.createCall({ startsAt: inMinutes(60), title: "Check-up" });
    const ics = await appA.callIcs(id);
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain("METHOD:PUBLISH\r\n");
    expect(ics).toContain(`UID:${id}@firecall\r\n`);
    expect(ics).toContain("SUMMARY:Check-up\r\n");
    const ended = await appA.endCall(id);
    expect(ended).toMatchObject({ status: "cancelled", endReason: "cancelled", endedAt: expect.any(String) });
    expect(await appA.endCall(id)).toEqual(ended);
    const cancelledIcs = await appA.callIcs(id);
    expect(cancelledIcs).toContain("METHOD:CANCEL\r\n");
    expect(cancelledIcs).toContain("STATUS:CANCELLED\r\n");
  });

  it("ends an open call as ended_by_host", async () => {
    const { id } = await appA.createCall({});
    expect(await appA.endCall(id)).toMatchObject({ status: "ended", endReason: "ended_by_host" });
  });
});

describe("Idempotency-Key", () => {
  it("returns the same call and answer for the same key and body, 409 for another body", async () => {
    const body = { startsAt: inMinutes(30), title: "Once", metadata: { a: "1", b: "2" } };
    const first = await appA.createCall(body, { idempotencyKey: "appt-1" });
    const reordered = { metadata: { b: "2", a: "1" }, title: "Once", startsAt: body.startsAt };
    const replay = await apiRequest("POST", "/v1/calls", {
      key: keyA,
      body: reordered,
      headers: { "Idempotency-Key": "appt-1" },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual(first);
    await expectProblem(
      appA.createCall({ ...body, title: "Twice" }, { idempotencyKey: "appt-1" }),
      409,
      "idempotency_conflict",
    );
    // Keys are per app: app B's "appt-1" is a different key.
    const other = await appB.createCall(body, { idempotencyKey: "appt-1" });
    expect(other.id).not.toBe(first.id);
    expect(await storedCounts(clients)).toMatchObject({ calls: 2, idempotencyKeys: 2 });
  });

  it("creates exactly one call for concurrent duplicates", async () => {
    const body = { startsAt: inMinutes(30), title: "Race" };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => appA.createCall(body, { idempotencyKey: "race-1" })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await storedCounts(clients)).toMatchObject({ calls: 1, idempotencyKeys: 1 });
  });
});

describe("keys", () => {
  it("refuses a revoked key with 401 revoked_api_key", async () => {
    const created = await keyService(clients).create("short-lived");
    await client(created.apiKey).listCalls();
    expect(await keyService(clients).revoke(created.keyId)).toBe(true);
    await expectProblem(client(created.apiKey).listCalls(), 401, "revoked_api_key");
  });

  it("refuses writes with a read-only key (403) but lets it read", async () => {
    const ro = (await keyService(clients).create("clinic-a", { readOnly: true })).apiKey;
    const { id } = await appA.createCall({});
    expect(await client(ro).getCall(id)).toMatchObject({ id });
    await expectProblem(client(ro).endCall(id), 403, "insufficient_scope");
    await expectProblem(client(ro).createCall({}), 403, "insufficient_scope");
    expect((await storedCounts(clients)).calls).toBe(1);
  });

  it("rate-limits per key with 429 and Retry-After", async () => {
    const limited = (await keyService(clients).create("tiny", { rateLimitPerMinute: 2 })).apiKey;
    // Two fit into one minute unless the minute turns between them; then the next two do.
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5 && retryAfter === null; i++) {
      const res = await apiRequest("GET", "/v1/calls", { key: limited });
      statuses.push(res.status);
      if (res.status === 429) {
        expect((res.body as { code: string }).code).toBe("rate_limited");
        retryAfter = res.headers.get("retry-after");
      }
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // Another key is not affected.
    expect((await apiRequest("GET", "/v1/calls", { key: keyA })).status).toBe(200);
  });
});

describe("GET /v1/openapi.json", () => {
  it("serves the OpenAPI 3.1 document without a key", async () => {
    const res = await apiRequest("GET", "/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ openapi: "3.1.0", paths: expect.any(Object) });
  });
});
