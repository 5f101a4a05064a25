// LocalMedia against a fake getUserMedia (the browser boundary): what starts, what a blocked
// device does, and how a track that ends by itself (unplugged, permission revoked) is replaced.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LocalMedia, type LocalMediaState } from "../../web/src/media/local-media.js";

class FakeTrack extends EventTarget {
  enabled = true;
  stopped = false;
  constructor(
    readonly kind: "audio" | "video",
    readonly deviceId: string,
  ) {
    super();
  }
  stop(): void {
    this.stopped = true;
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  /** What the browser does when the device goes away. */
  end(): void {
    this.dispatchEvent(new Event("ended"));
  }
}

class FakeStream {
  constructor(private readonly tracks: FakeTrack[]) {}
  getTracks = () => this.tracks;
  getAudioTracks = () => this.tracks.filter((t) => t.kind === "audio");
  getVideoTracks = () => this.tracks.filter((t) => t.kind === "video");
}

/** The machine: which devices exist and which kinds the person allows. */
const machine = { cameras: ["cam-1", "cam-2"], microphones: ["mic-1"], allowed: new Set(["audio", "video"]) };

function exactId(c: unknown): string | null {
  const id = (c as { deviceId?: { exact?: string } } | undefined)?.deviceId?.exact;
  return id ?? null;
}

async function getUserMedia(c: MediaStreamConstraints): Promise<FakeStream> {
  const tracks: FakeTrack[] = [];
  for (const kind of ["audio", "video"] as const) {
    const wanted = c[kind];
    if (!wanted) continue;
    if (!machine.allowed.has(kind)) throw new DOMException("blocked", "NotAllowedError");
    const list = kind === "audio" ? machine.microphones : machine.cameras;
    const id = exactId(wanted) ?? list[0];
    if (!id || !list.includes(id)) throw new DOMException("no such device", "NotFoundError");
    tracks.push(new FakeTrack(kind, id));
  }
  return new FakeStream(tracks);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("LocalMedia", () => {
  let states: LocalMediaState[];
  let media: LocalMedia;

  beforeEach(() => {
    machine.cameras = ["cam-1", "cam-2"];
    machine.allowed = new Set(["audio", "video"]);
    vi.stubGlobal("navigator", { mediaDevices: { getUserMedia: vi.fn(getUserMedia) } });
    vi.stubGlobal("MediaStream", FakeStream);
    states = [];
    media = new LocalMedia(
      (s) => states.push(s),
      () => ({ cameraId: null, micId: null }),
    );
  });

  afterEach(() => vi.unstubAllGlobals());

  it("asks for nothing until started, then starts both", async () => {
    expect(navigator.mediaDevices.getUserMedia).not.toHaveBeenCalled();
    await media.start();
    expect(media.state).toMatchObject({ phase: "ready", micOn: true, cameraOn: true, cameraId: "cam-1", notice: null });
  });

  it("replaces a camera that ends by itself with another one, and says so", async () => {
    await media.start();
    const first = media.state.camera as unknown as FakeTrack;
    machine.cameras = ["cam-2"]; // cam-1 was unplugged
    first.end();
    await vi.waitFor(() => expect(media.state.camera).not.toBeNull());
    expect(media.state).toMatchObject({ cameraId: "cam-2", cameraOn: true, notice: { why: "lost", fallback: true } });
  });

  it("turns the camera off and says so when no other camera is left; pressing Camera asks again", async () => {
    await media.start();
    machine.cameras = [];
    (media.state.camera as unknown as FakeTrack).end();
    await vi.waitFor(() => expect(media.state.cameraOn).toBe(false));
    // The button stays usable (hasCamera): pressing it is the way back once a camera is there again.
    expect(media.state).toMatchObject({ camera: null, hasCamera: true });
    expect(media.state.notice).toEqual({ why: "lost", device: "camera", fallback: false });
    machine.cameras = ["cam-2"];
    await media.setCameraOn(true);
    expect(media.state).toMatchObject({ cameraOn: true, cameraId: "cam-2", notice: null });
  });

  it("says once that both went away when access is revoked, and asks again for each when pressed", async () => {
    await media.start();
    machine.allowed = new Set();
    (media.state.camera as unknown as FakeTrack).end();
    (media.state.mic as unknown as FakeTrack).end();
    await vi.waitFor(() => expect(media.state).toMatchObject({ mic: null, camera: null, cameraOn: false }));
    expect(media.state).toMatchObject({ micOn: false, hasMic: true, hasCamera: true });
    expect(media.state.notice).toEqual({ why: "lost", device: "both", fallback: false });

    // Still blocked: the press gets the blocked notice and nothing starts.
    await media.setMicOn(true);
    expect(media.state).toMatchObject({ mic: null, micOn: false, notice: { why: "denied", missing: "microphone" } });

    machine.allowed = new Set(["audio", "video"]);
    await media.setMicOn(true);
    expect(media.state).toMatchObject({ micOn: true, micId: "mic-1", notice: null });
    expect(media.state.mic?.enabled).toBe(true);
    await media.setCameraOn(true);
    expect(media.state).toMatchObject({ cameraOn: true, cameraId: "cam-1", notice: null });
  });

  it("puts another camera in place of one that sends nothing, unless the person moved on", async () => {
    await media.start();
    await media.useCamera("cam-2");
    const stalled = media.state.camera!;
    const notice = { why: "switch-failed", device: "camera" } as const;
    expect(await media.replaceStalledCamera(stalled, "cam-1", notice)).toBe(true);
    expect(media.state).toMatchObject({ cameraId: "cam-1", cameraOn: true, notice });
    await vi.waitFor(() => expect((stalled as unknown as FakeTrack).stopped).toBe(true), { timeout: 3000 });
    // A stale report (the track is no longer in use) changes nothing.
    expect(await media.replaceStalledCamera(stalled, "cam-2", notice)).toBe(false);
    expect(media.state.cameraId).toBe("cam-1");
  });

  it("ignores the end of a track it stopped or replaced itself", async () => {
    await media.start();
    const first = media.state.camera as unknown as FakeTrack;
    await media.useCamera("cam-2");
    // The replaced camera goes dark once the page had time to send the new one.
    await vi.waitFor(() => expect(first.stopped).toBe(true), { timeout: 3000 });
    first.end();
    await flush();
    expect(media.state).toMatchObject({ cameraId: "cam-2", notice: null });
  });

  it("starts with the microphone when the camera is blocked, and Try again asks for the camera again", async () => {
    machine.allowed = new Set(["audio"]);
    await media.start();
    expect(media.state).toMatchObject({ hasMic: true, hasCamera: false, cameraOn: false });
    expect(media.state.notice).toEqual({ why: "denied", missing: "camera" });
    machine.allowed = new Set(["audio", "video"]);
    await media.retry();
    expect(media.state).toMatchObject({ hasCamera: true, cameraOn: true, notice: null });
  });

  it("keeps a camera the person turned off before starting off", async () => {
    await media.setCameraOn(false);
    await media.start();
    expect(media.state).toMatchObject({ camera: null, cameraOn: false, hasCamera: true });
    await media.retry();
    expect(media.state.cameraOn).toBe(false);
  });

  it("stops tracks that arrive after release (the page went away while the browser asked)", async () => {
    const started = media.start();
    media.release();
    await started;
    expect(media.state).toMatchObject({ phase: "idle", mic: null, camera: null });
    const results = vi.mocked(navigator.mediaDevices.getUserMedia).mock.results;
    const stream = (await results[0]!.value) as FakeStream;
    expect(stream.getTracks().every((t) => t.stopped)).toBe(true);
  });
});
