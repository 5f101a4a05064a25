import { describe, expect, it } from "vitest";
import { chooseIceServers } from "../../web/src/call/ice-servers.js";

const fromFunction: RTCIceServer[] = [
  { urls: ["stun:stun.example.org:3478"] },
  { urls: ["turn:turn.example.org:3478?transport=udp"], username: "1:u", credential: "c" },
];
const fallback: RTCIceServer[] = [{ urls: "stun:fallback.example.org:3478" }];

describe("chooseIceServers", () => {
  it("uses what the function handed out, else the configured STUN", () => {
    expect(chooseIceServers(fromFunction, fallback, { stunOff: false })).toEqual(fromFunction);
    expect(chooseIceServers(null, fallback, { stunOff: false })).toEqual(fallback);
  });

  it("drops STUN with stunOff and TURN with turnOff, keeping credentials on what stays", () => {
    expect(chooseIceServers(fromFunction, fallback, { stunOff: true })).toEqual([fromFunction[1]]);
    expect(chooseIceServers(fromFunction, fallback, { stunOff: false, turnOff: true })).toEqual([
      { urls: ["stun:stun.example.org:3478"] },
    ]);
    expect(chooseIceServers(null, fallback, { stunOff: true })).toEqual([]);
  });
});
