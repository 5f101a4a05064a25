// CameraGuard against a fake RTCPeerConnection (the browser boundary): when it looks at a camera,
// for how long, and what it reports. The real sender stats and a real depth camera are in
// tests/e2e/devices.test.ts; here the counters are scripted so every path runs in fake time.
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { CameraGuard } from "../../web/src/media/camera-guard.js";

class FakeTrack {
  readyState: "live" | "ended" = "live";
  enabled = true;
  /** Frames the source delivered, and whether they grow every look (null: not reported). */
  frames: number | null = 0;
  constructor(
    readonly id: string,
    private readonly deviceId: string,
    readonly sends: boolean,
  ) {}
  getSettings() {
    return { deviceId: this.deviceId };
  }
}

/** One video sender whose stats say what its track's source delivered. */
class FakeConnection {
  connectionState: RTCPeerConnectionState = "connected";
  track: FakeTrack | null = null;
  statsCalls = 0;
  getSenders() {
    const track = this.track;
    const getStats = async () => {
      this.statsCalls++;
      if (!track || track.frames === null) return new Map();
      if (track.sends) track.frames += 15;
      const source = { type: "media-source", kind: "video", trackIdentifier: track.id, frames: track.frames };
      return new Map([["source", source]]);
    };
    return [{ track, getStats }];
  }
}

describe("CameraGuard", () => {
  let pc: FakeConnection;
  let stalled: Mock<(track: MediaStreamTrack, fallbackId: string | null, undo: boolean) => void>;
  let guard: CameraGuard;
  const show = (track: FakeTrack | null) => {
    pc.track = track;
    guard.update(track as unknown as MediaStreamTrack);
  };

  beforeEach(() => {
    vi.useFakeTimers();
    pc = new FakeConnection();
    stalled = vi.fn();
    guard = new CameraGuard({
      connection: () => pc as unknown as RTCPeerConnection,
      cameras: () => ["front", "depth", "back"],
      stalled,
    });
  });

  afterEach(() => {
    guard.stop();
    vi.useRealTimers();
  });

  it("undoes a switch to a camera that sends nothing, back to the one before", async () => {
    show(new FakeTrack("t1", "front", true));
    await vi.advanceTimersByTimeAsync(1000);
    const depth = new FakeTrack("t2", "depth", false);
    show(depth);
    await vi.advanceTimersByTimeAsync(2500);
    expect(stalled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(stalled).toHaveBeenCalledExactlyOnceWith(depth, "front", true);
  });

  it("on a first camera that sends nothing, offers the next listed camera", async () => {
    const depth = new FakeTrack("t1", "depth", false);
    show(depth);
    await vi.advanceTimersByTimeAsync(4000);
    expect(stalled).toHaveBeenCalledExactlyOnceWith(depth, "front", false);
  });

  it("does not look before the connection is up, and starts over when it drops", async () => {
    pc.connectionState = "connecting";
    const depth = new FakeTrack("t1", "depth", false);
    show(depth);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pc.statsCalls).toBe(0);
    pc.connectionState = "connected";
    guard.update(depth as unknown as MediaStreamTrack);
    await vi.advanceTimersByTimeAsync(2000);
    pc.connectionState = "disconnected";
    await vi.advanceTimersByTimeAsync(1000);
    pc.connectionState = "connected";
    await vi.advanceTimersByTimeAsync(2500);
    // 2 s, a pause, then 2.5 s: never 3 s in a row.
    expect(stalled).not.toHaveBeenCalled();
  });

  it("gives up on a browser that reports no frame counts: three bounded looks per camera", async () => {
    const camera = new FakeTrack("t1", "front", true);
    camera.frames = null;
    for (let i = 0; i < 5; i++) {
      show(camera);
      await vi.advanceTimersByTimeAsync(8000);
    }
    const calls = pc.statsCalls;
    show(camera);
    await vi.advanceTimersByTimeAsync(8000);
    expect(pc.statsCalls).toBe(calls);
    expect(calls).toBeLessThanOrEqual(3 * 15);
    expect(stalled).not.toHaveBeenCalled();
  });

  it("stops looking when the camera changes or the page goes away", async () => {
    const depth = new FakeTrack("t1", "depth", false);
    show(depth);
    await vi.advanceTimersByTimeAsync(2000);
    show(null); // camera off
    await vi.advanceTimersByTimeAsync(5000);
    expect(stalled).not.toHaveBeenCalled();
    show(depth);
    await vi.advanceTimersByTimeAsync(2000);
    guard.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(stalled).not.toHaveBeenCalled();
  });
});
