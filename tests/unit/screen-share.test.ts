// ScreenShareController against a fake getDisplayMedia (the browser boundary): the browser's own
// "Stop sharing" bar ends the track, which cannot be clicked in headless Chromium.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ScreenShareController } from "../../web/src/controllers/screen-share-controller.js";

class FakeTrack extends EventTarget {
  readonly kind = "video";
  contentHint = "";
  stopped = false;
  stop(): void {
    this.stopped = true;
  }
}

function fakeHost() {
  return {
    addController: vi.fn(),
    removeController: vi.fn(),
    requestUpdate: vi.fn(),
    updateComplete: Promise.resolve(true),
  };
}

describe("ScreenShareController", () => {
  let track: FakeTrack;
  let getDisplayMedia: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    track = new FakeTrack();
    getDisplayMedia = vi.fn(async () => ({ getVideoTracks: () => [track], getTracks: () => [track] }));
    vi.stubGlobal("navigator", { mediaDevices: { getDisplayMedia } });
  });

  afterEach(() => vi.unstubAllGlobals());

  it("shares with contentHint 'detail', and the browser's Stop sharing (the track ends) ends it", async () => {
    const share = new ScreenShareController(fakeHost());
    expect(share.supported).toBe(true);
    await share.start();
    expect(share.sharing).toBe(true);
    expect(track.contentHint).toBe("detail");
    track.dispatchEvent(new Event("ended"));
    expect(share.sharing).toBe(false);
    expect(share.state).toEqual({ track: null, stream: null, failed: false });
  });

  it("stops the track when the app stops sharing, and when the page goes away", async () => {
    const share = new ScreenShareController(fakeHost());
    await share.start();
    share.hostDisconnected();
    expect(track.stopped).toBe(true);
    expect(share.sharing).toBe(false);
  });

  it("treats a cancelled picker as no failure, and another error as one", async () => {
    const share = new ScreenShareController(fakeHost());
    getDisplayMedia.mockRejectedValueOnce(new DOMException("cancelled", "NotAllowedError"));
    await share.start();
    expect(share.state.failed).toBe(false);
    getDisplayMedia.mockRejectedValueOnce(new DOMException("no source", "NotReadableError"));
    await share.start();
    expect(share.state.failed).toBe(true);
  });

  it("says it is unsupported where the browser has no getDisplayMedia (phones)", () => {
    vi.stubGlobal("navigator", { mediaDevices: {} });
    expect(new ScreenShareController(fakeHost()).supported).toBe(false);
  });
});
