import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionWatchdog, DEFAULT_TIMINGS } from "../../web/src/call/connection-watchdog.js";

/**
 * Just the RTCPeerConnection surface the watchdog reads (state fields and events), driven by hand:
 * Node has no WebRTC. The browser behaviour itself is proven by the e2e tests.
 */
class FakePeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = "new";
  iceGatheringState: RTCIceGatheringState = "new";

  setConnection(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event("connectionstatechange"));
  }

  candidate(type: string | null): void {
    const e = Object.assign(new Event("icecandidate"), { candidate: type ? { type } : null });
    this.dispatchEvent(e);
  }

  candidateError(errorCode: number, url = "turn:127.0.0.1:3478?transport=udp"): void {
    this.dispatchEvent(Object.assign(new Event("icecandidateerror"), { errorCode, url }));
  }

  gatheringComplete(): void {
    this.iceGatheringState = "complete";
    this.dispatchEvent(new Event("icegatheringstatechange"));
  }
}

function setup(relayOnly = false) {
  const pc = new FakePeerConnection();
  const restarts: number[] = [];
  const gaveUp: string[] = [];
  const dog = new ConnectionWatchdog(pc as unknown as RTCPeerConnection, relayOnly, {
    onRestart: () => restarts.push(Date.now()),
    onStalled: (p) => gaveUp.push(p),
  });
  return { pc, dog, restarts, gaveUp };
}

describe("ConnectionWatchdog", () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it("restarts ICE after a disconnect that does not heal, and not when it heals in time", () => {
    const { pc, restarts } = setup();
    pc.setConnection("connected");
    pc.setConnection("disconnected");
    vi.advanceTimersByTime(DEFAULT_TIMINGS.disconnectedGraceMs - 1);
    pc.setConnection("connected");
    vi.advanceTimersByTime(10_000);
    expect(restarts).toEqual([]);
    pc.setConnection("disconnected");
    vi.advanceTimersByTime(DEFAULT_TIMINGS.disconnectedGraceMs);
    expect(restarts).toHaveLength(1);
  });

  it("restarts at once on failed, again while still down, reports a stall after a bounded time and keeps trying", () => {
    const { pc, restarts, gaveUp } = setup();
    pc.setConnection("connected");
    pc.setConnection("failed");
    expect(restarts).toHaveLength(1);
    vi.advanceTimersByTime(DEFAULT_TIMINGS.restartRetryMs);
    expect(restarts).toHaveLength(2);
    vi.advanceTimersByTime(DEFAULT_TIMINGS.giveUpMs);
    expect(gaveUp).toEqual(["unreachable"]);
    const count = restarts.length;
    vi.advanceTimersByTime(DEFAULT_TIMINGS.restartRetryMs);
    expect(restarts).toHaveLength(count + 1); // the session decides what a stall means; recovery goes on
    expect(gaveUp).toEqual(["unreachable"]); // reported once per outage
  });

  it("restarts at once when asked (the other person was heard from), not while connected", () => {
    const { pc, dog, restarts } = setup();
    pc.setConnection("connected");
    dog.restartNow();
    expect(restarts).toEqual([]);
    pc.setConnection("disconnected");
    dog.restartNow();
    expect(restarts).toHaveLength(1);
    dog.close();
    vi.advanceTimersByTime(60_000);
    expect(restarts).toHaveLength(1); // closed: nothing fires
  });

  it("gives up on a first connection that never comes, once armed", () => {
    const { dog, gaveUp } = setup();
    vi.advanceTimersByTime(60_000);
    expect(gaveUp).toEqual([]); // not armed: nobody to connect to yet
    dog.arm();
    vi.advanceTimersByTime(DEFAULT_TIMINGS.giveUpMs);
    expect(gaveUp).toEqual(["unreachable"]);
  });

  it("relay-only: a refused credential (401) is a relay problem at once", () => {
    const { pc, gaveUp } = setup(true);
    pc.candidateError(401);
    expect(gaveUp).toEqual(["relay"]);
  });

  it("relay-only: gathering that ends, or a deadline that passes, without a relay candidate is a relay problem", () => {
    const a = setup(true);
    a.pc.candidate("host");
    a.pc.gatheringComplete();
    expect(a.gaveUp).toEqual(["relay"]);
    const b = setup(true);
    vi.advanceTimersByTime(DEFAULT_TIMINGS.relayGatherMs);
    expect(b.gaveUp).toEqual(["relay"]);
    const c = setup(true);
    c.pc.candidate("relay");
    c.pc.gatheringComplete();
    vi.advanceTimersByTime(DEFAULT_TIMINGS.relayGatherMs);
    expect(c.gaveUp).toEqual([]);
  });

  it("names the relay when TURN refused us and the connection never came", () => {
    const { pc, dog, gaveUp } = setup(false);
    pc.candidateError(401);
    expect(gaveUp).toEqual([]); // direct paths may still work
    dog.arm();
    vi.advanceTimersByTime(DEFAULT_TIMINGS.giveUpMs);
    expect(gaveUp).toEqual(["relay"]);
  });
});
