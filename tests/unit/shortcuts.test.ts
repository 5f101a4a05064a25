import { describe, expect, it } from "vitest";
import { shortcutFor } from "../../web/src/components/shortcuts.js";

const press = (key: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe("shortcutFor", () => {
  it("maps Ctrl+D and ⌘+D to the microphone, Ctrl+E and ⌘+E to the camera", () => {
    expect(shortcutFor(press("d", { ctrlKey: true }))).toBe("mic");
    expect(shortcutFor(press("D", { metaKey: true }))).toBe("mic");
    expect(shortcutFor(press("e", { ctrlKey: true }))).toBe("camera");
    expect(shortcutFor(press("e", { metaKey: true }))).toBe("camera");
  });

  it("leaves plain letters, other modifiers and other keys alone", () => {
    expect(shortcutFor(press("d"))).toBeNull();
    expect(shortcutFor(press("d", { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(shortcutFor(press("e", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(shortcutFor(press("k", { ctrlKey: true }))).toBeNull();
  });
});
