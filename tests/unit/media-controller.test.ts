// MediaController against a fake navigator.mediaDevices (the browser boundary): the pickers' lists
// follow devicechange. Chromium's fake devices cannot be plugged in or out while a page runs, so
// no browser test can fire a real devicechange here.
import type { ReactiveControllerHost } from "lit";
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { MediaController } from "../../web/src/controllers/media-controller.js";

type Kind = "videoinput" | "audioinput" | "audiooutput";

/** The machine's devices as enumerateDevices reports them, and its devicechange events. */
class FakeMediaDevices extends EventTarget {
  devices: { kind: Kind; deviceId: string; label: string }[] = [];
  enumerateDevices = vi.fn(async () => this.devices.map((d) => ({ ...d, groupId: "" })));
  plug(kind: Kind, deviceId: string, label: string): void {
    this.devices = [...this.devices, { kind, deviceId, label }];
    this.dispatchEvent(new Event("devicechange"));
  }
  unplug(deviceId: string): void {
    this.devices = this.devices.filter((d) => d.deviceId !== deviceId);
    this.dispatchEvent(new Event("devicechange"));
  }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("MediaController device lists", () => {
  let mediaDevices: FakeMediaDevices;
  let host: ReactiveControllerHost & { requestUpdate: Mock<() => void> };
  let controller: MediaController;

  beforeEach(() => {
    mediaDevices = new FakeMediaDevices();
    mediaDevices.devices = [
      { kind: "videoinput", deviceId: "cam-1", label: "Built-in camera" },
      { kind: "audioinput", deviceId: "mic-1", label: "Built-in microphone" },
      { kind: "audiooutput", deviceId: "communications", label: "Communications - Speakers" },
    ];
    vi.stubGlobal("navigator", { mediaDevices });
    host = {
      addController: () => {},
      removeController: () => {},
      requestUpdate: vi.fn(),
      updateComplete: Promise.resolve(true),
    };
    controller = new MediaController(host);
    controller.hostConnected();
  });

  afterEach(() => vi.unstubAllGlobals());

  it("lists a camera and a headset plugged in during the call, and drops an unplugged one", async () => {
    mediaDevices.plug("videoinput", "cam-usb", "USB camera");
    await settled();
    expect(controller.state.devices.cameras).toEqual([
      { id: "cam-1", label: "Built-in camera" },
      { id: "cam-usb", label: "USB camera" },
    ]);
    expect(host.requestUpdate).toHaveBeenCalled();

    mediaDevices.plug("audiooutput", "headset", "Headset");
    await settled();
    // "communications" is an alias of a real device in Chromium's lists: never shown.
    expect(controller.state.devices.speakers).toEqual([{ id: "headset", label: "Headset" }]);

    mediaDevices.unplug("cam-usb");
    await settled();
    expect(controller.state.devices.cameras).toEqual([{ id: "cam-1", label: "Built-in camera" }]);
    expect(controller.state.devices.microphones).toEqual([{ id: "mic-1", label: "Built-in microphone" }]);
  });

  it("stops following devicechange once the page is gone", async () => {
    controller.hostDisconnected();
    mediaDevices.plug("videoinput", "cam-usb", "USB camera");
    await settled();
    expect(mediaDevices.enumerateDevices).not.toHaveBeenCalled();
    expect(controller.state.devices.cameras).toEqual([]);
  });
});
