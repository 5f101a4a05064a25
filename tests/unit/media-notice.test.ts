// One notice for the devices that went away or came back (web/src/media/media-notice.ts), and its
// words in the catalogue: revoking access ends camera and microphone at once, and the person
// should read one sentence about both, not the last one to end.
import { describe, expect, it } from "vitest";
import { noticeAfterLoss, noticeAfterRecovery, type MediaNotice } from "../../web/src/media/media-notice.js";
import { mediaNoticeText } from "../../web/src/strings/call.js";

describe("noticeAfterLoss", () => {
  it("speaks of both when the other device went away the same way", () => {
    const camera = noticeAfterLoss(null, "camera", false);
    expect(camera).toEqual({ why: "lost", device: "camera", fallback: false });
    const both = noticeAfterLoss(camera, "microphone", false);
    expect(both).toEqual({ why: "lost", device: "both", fallback: false });
    expect(mediaNoticeText(both)).toBe("Your camera and microphone stopped working and no others were found.");
    const replaced = noticeAfterLoss(noticeAfterLoss(null, "microphone", true), "camera", true);
    expect(mediaNoticeText(replaced)).toBe("Your camera and microphone stopped working, so others are used now.");
  });

  it("keeps the device that is missing when only one was replaced", () => {
    const micMissing = noticeAfterLoss(null, "microphone", false);
    expect(noticeAfterLoss(micMissing, "camera", true)).toEqual(micMissing);
    expect(noticeAfterLoss(noticeAfterLoss(null, "microphone", true), "camera", false)).toEqual({
      why: "lost",
      device: "camera",
      fallback: false,
    });
  });

  it("replaces a notice of another kind, or an older one about the same device", () => {
    const blocked: MediaNotice = { why: "denied", missing: "microphone" };
    expect(noticeAfterLoss(blocked, "camera", false)).toEqual({ why: "lost", device: "camera", fallback: false });
    const earlier = noticeAfterLoss(null, "camera", true);
    expect(noticeAfterLoss(earlier, "camera", false)).toEqual({ why: "lost", device: "camera", fallback: false });
  });
});

describe("noticeAfterRecovery", () => {
  it("drops what was said about the device that works again and keeps the rest", () => {
    const both: MediaNotice = { why: "lost", device: "both", fallback: false };
    expect(noticeAfterRecovery(both, "microphone")).toEqual({ why: "lost", device: "camera", fallback: false });
    expect(noticeAfterRecovery({ why: "lost", device: "camera", fallback: false }, "camera")).toBeNull();
    expect(noticeAfterRecovery({ why: "denied", missing: "both" }, "camera")).toEqual({
      why: "denied",
      missing: "microphone",
    });
    expect(noticeAfterRecovery({ why: "denied", missing: "camera" }, "microphone")).toEqual({
      why: "denied",
      missing: "camera",
    });
    expect(noticeAfterRecovery({ why: "switch-failed", device: "camera" }, "camera")).toBeNull();
    expect(noticeAfterRecovery({ why: "unsupported" }, "camera")).toEqual({ why: "unsupported" });
    expect(noticeAfterRecovery(null, "camera")).toBeNull();
  });
});
