import { describe, expect, it } from "vitest";
import { iceServersFor, parseUrlList, turnCredential } from "../../functions/src/service/turn-credentials.js";

// Expected values computed independently:
//   echo -n "1700014400:alice" | openssl dgst -sha1 -hmac "s3cret" -binary | base64
describe("turnCredential (coturn REST API scheme)", () => {
  it("names the expiry and the user, and signs that with HMAC-SHA1 under the secret", () => {
    expect(turnCredential("s3cret", "alice", 1_700_000_000, 4 * 3600)).toEqual({
      username: "1700014400:alice",
      credential: "ewdkvUh0JngnN8sFR3UCK6VPmDo=",
      expiresAt: 1_700_014_400,
    });
  });

  it("rounds the clock down and never issues a credential that is already expired", () => {
    expect(turnCredential("s3cret", "alice", 1_700_000_000.9, 4 * 3600).username).toBe("1700014400:alice");
    expect(turnCredential("s3cret", "alice", 1_700_000_000, 0).expiresAt).toBe(1_700_000_001);
  });

  it("gives a different credential for another secret, user or expiry", () => {
    const base = turnCredential("s3cret", "alice", 1_700_000_000, 60).credential;
    expect(turnCredential("other", "alice", 1_700_000_000, 60).credential).not.toBe(base);
    expect(turnCredential("s3cret", "bob", 1_700_000_000, 60).credential).not.toBe(base);
    expect(turnCredential("s3cret", "alice", 1_700_000_001, 60).credential).not.toBe(base);
  });
});

describe("iceServersFor", () => {
  const config = {
    stunUrls: ["stun:stun.example.org:3478"],
    turnUrls: ["turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp"],
    turnSecret: "s3cret",
    ttlSeconds: 4 * 3600,
  };

  it("returns STUN, then TURN with the user's credential", () => {
    expect(iceServersFor(config, "alice", 1_700_000_000)).toEqual({
      iceServers: [
        { urls: ["stun:stun.example.org:3478"] },
        { urls: config.turnUrls, username: "1700014400:alice", credential: "ewdkvUh0JngnN8sFR3UCK6VPmDo=" },
      ],
      expiresAt: 1_700_014_400,
    });
  });

  it("falls back to STUN only when TURN has no URLs or no secret", () => {
    const stunOnly = { iceServers: [{ urls: ["stun:stun.example.org:3478"] }], expiresAt: null };
    expect(iceServersFor({ ...config, turnSecret: "" }, "alice", 0)).toEqual(stunOnly);
    expect(iceServersFor({ ...config, turnUrls: [] }, "alice", 0)).toEqual(stunOnly);
    expect(iceServersFor({ ...config, stunUrls: [], turnUrls: [] }, "alice", 0)).toEqual({
      iceServers: [],
      expiresAt: null,
    });
  });
});

describe("parseUrlList", () => {
  it("splits on commas and drops blanks", () => {
    expect(parseUrlList(" turn:a:1 , ,turn:b:2,")).toEqual(["turn:a:1", "turn:b:2"]);
    expect(parseUrlList("")).toEqual([]);
  });
});
