// The documented admin command (scripts/api-key.mjs) against the emulator: a key it prints works
// once, list shows no secret, and a key it revokes is refused.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorClients, PROJECT_ID } from "../support/emulator-clients";
import { apiRequest } from "../support/api-harness";

const clients = new EmulatorClients("api-admin-test");
const run = promisify(execFile);
const apiKey = (...args: string[]) =>
  run("node", ["scripts/api-key.mjs", ...args, "--project", PROJECT_ID], { env: process.env, timeout: 20_000 });

beforeEach(() => clients.clearFirestore());
afterAll(() => clients.close());

describe("npm run api-key", () => {
  it("creates a key shown once, lists it without a secret, and revokes it", async () => {
    const created = (await apiKey("create", "Partner-App")).stdout;
    const key = /^(fc_[a-z0-9]{16}_[a-f0-9]{64})$/m.exec(created)?.[1];
    const keyId = /^key id: (\S+)$/m.exec(created)?.[1];
    expect(key).toBeDefined();
    expect(created).toContain("app:    partner-app");
    expect((await apiRequest("GET", "/v1/calls", { key })).status).toBe(200);

    const listed = (await apiKey("list")).stdout;
    expect(listed).toContain(keyId);
    expect(listed).not.toContain(key!.slice(20));
    const stored = (await clients.admin.doc(`apiKeys/${keyId}`).get()).data()!;
    expect(JSON.stringify(stored)).not.toContain(key!.slice(20));

    expect((await apiKey("revoke", keyId!)).stdout).toContain(`revoked ${keyId}`);
    const refused = await apiRequest("GET", "/v1/calls", { key });
    expect({ status: refused.status, code: (refused.body as { code: string }).code }).toEqual({
      status: 401,
      code: "revoked_api_key",
    });
  });

  it("refuses an app name that cannot be an id, writing nothing", async () => {
    await expect(apiKey("create", "Not a name!")).rejects.toThrow(/lower-case letters/);
    expect((await clients.admin.collection("apiKeys").get()).size).toBe(0);
  });
});
