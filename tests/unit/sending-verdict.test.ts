// Whether a camera's frames reach the connection, decided from the sender's stats over time
// (web/src/media/sending-verdict.ts), and which camera takes over from one that sends nothing.
import { describe, expect, it } from "vitest";
import {
  fallbackCamera,
  frameSample,
  judgeSending,
  STALL_WINDOW_MS,
  type FrameSample,
} from "../../web/src/media/sending-verdict.js";

/** Looks every 500 ms with the given counters. */
const looks = (counts: [number | null, number | null][]): FrameSample[] =>
  counts.map(([sourceFrames, encodedFrames], i) => ({ atMs: 1000 + i * 500, sourceFrames, encodedFrames }));

describe("judgeSending", () => {
  it("is ok as soon as the source or the encoder gains a few frames", () => {
    expect(
      judgeSending(
        looks([
          [100, 50],
          [115, 65],
        ]),
      ),
    ).toBe("ok");
    expect(
      judgeSending(
        looks([
          [null, 50],
          [null, 53],
        ]),
      ),
    ).toBe("ok");
    // The source delivers while the encoder waits (bandwidth): the camera is fine.
    expect(
      judgeSending(
        looks([
          [0, 80],
          [0, 80],
          [12, 80],
        ]),
      ),
    ).toBe("ok");
  });

  it("is stalled when neither counter moves for the whole window", () => {
    const flat = looks(Array.from({ length: 7 }, () => [0, 412] as [number, number]));
    expect(flat.at(-1)!.atMs - flat[0]!.atMs).toBe(STALL_WINDOW_MS);
    expect(judgeSending(flat)).toBe("stalled");
  });

  it("counts a frame or two still in flight from the previous camera as no frames", () => {
    expect(
      judgeSending(
        looks([
          [0, 412],
          [0, 413],
          [0, 414],
          [0, 414],
          [0, 414],
          [0, 414],
          [0, 414],
        ]),
      ),
    ).toBe("stalled");
  });

  it("is unknown before the window is over, or when the browser reports no frame counts", () => {
    expect(judgeSending([])).toBe("unknown");
    expect(
      judgeSending(
        looks([
          [0, 412],
          [0, 412],
          [0, 412],
        ]),
      ),
    ).toBe("unknown");
    expect(judgeSending(looks(Array.from({ length: 9 }, () => [null, null] as [null, null])))).toBe("unknown");
  });

  it("takes its window as a parameter", () => {
    expect(
      judgeSending(
        looks([
          [0, 0],
          [0, 0],
          [0, 0],
        ]),
        1000,
      ),
    ).toBe("stalled");
  });
});

describe("frameSample", () => {
  it("reads the media source of this track and the video encoder, nothing else", () => {
    const entries = [
      { type: "media-source", kind: "video", trackIdentifier: "old-camera", frames: 900 },
      { type: "media-source", kind: "video", trackIdentifier: "new-camera", frames: 4 },
      { type: "media-source", kind: "audio", trackIdentifier: "new-camera", frames: 77 },
      { type: "outbound-rtp", kind: "video", framesEncoded: 812 },
      { type: "outbound-rtp", kind: "audio", packetsSent: 3000 },
      { type: "inbound-rtp", kind: "video", framesDecoded: 5000 },
    ];
    expect(frameSample(entries, "new-camera", 42)).toEqual({ atMs: 42, sourceFrames: 4, encodedFrames: 812 });
  });

  it("says null for what the browser does not report", () => {
    expect(frameSample([{ type: "outbound-rtp", kind: "video" }], "t", 0)).toEqual({
      atMs: 0,
      sourceFrames: null,
      encodedFrames: null,
    });
  });
});

describe("fallbackCamera", () => {
  const cameras = ["front", "depth", "back"];
  it("goes back to the camera that last sent frames, else to the one used before", () => {
    expect(fallbackCamera("depth", ["back", "front"], new Set(["depth"]), cameras)).toBe("back");
    expect(fallbackCamera("depth", [null, "front"], new Set(["depth"]), cameras)).toBe("front");
  });

  it("without one, tries the listed cameras not yet found stalled, then gives up", () => {
    expect(fallbackCamera("front", [null, null], new Set(["front"]), cameras)).toBe("depth");
    expect(fallbackCamera("depth", [null, "front"], new Set(["front", "depth"]), cameras)).toBe("back");
    expect(fallbackCamera("back", [null, "depth"], new Set(cameras), cameras)).toBeNull();
    // The proven camera itself stalling is not undone onto itself.
    expect(fallbackCamera("front", ["front", null], new Set(["front"]), cameras)).toBe("depth");
  });
});
