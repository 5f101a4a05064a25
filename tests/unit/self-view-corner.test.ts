import { afterEach, describe, expect, it, vi } from "vitest";
import { cornerAfterKey, cornerAt } from "../../web/src/components/self-view-corner.js";
import { loadPreferences, savePreferences } from "../../web/src/media/preferences.js";

describe("moving the self view between corners", () => {
  it("drops it in the corner of the quadrant its middle is in", () => {
    expect(cornerAt(10, 10, 1000, 600)).toBe("top-left");
    expect(cornerAt(900, 100, 1000, 600)).toBe("top-right");
    expect(cornerAt(100, 500, 1000, 600)).toBe("bottom-left");
    expect(cornerAt(999, 599, 1000, 600)).toBe("bottom-right");
    // Past the stage's edge still counts as the nearest corner.
    expect(cornerAt(-50, 900, 1000, 600)).toBe("bottom-left");
  });

  it("moves it with the arrow keys: left and right change the side, up and down the edge", () => {
    expect(cornerAfterKey("bottom-right", "ArrowLeft")).toBe("bottom-left");
    expect(cornerAfterKey("bottom-left", "ArrowUp")).toBe("top-left");
    expect(cornerAfterKey("top-left", "ArrowRight")).toBe("top-right");
    expect(cornerAfterKey("top-right", "ArrowDown")).toBe("bottom-right");
    expect(cornerAfterKey("top-right", "ArrowRight")).toBe("top-right");
    expect(cornerAfterKey("top-right", "Enter")).toBeNull();
  });
});

describe("the remembered corner", () => {
  afterEach(() => vi.unstubAllGlobals());

  function storage(initial: Record<string, string> = {}) {
    const data = new Map(Object.entries(initial));
    vi.stubGlobal("localStorage", {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => data.set(k, v),
    });
  }

  it("is kept on this device, and anything else stored there falls back to bottom-right", () => {
    storage();
    expect(loadPreferences().selfViewCorner).toBe("bottom-right");
    savePreferences({ selfViewCorner: "top-left" });
    expect(loadPreferences().selfViewCorner).toBe("top-left");
    storage({ "firecall:preferences": JSON.stringify({ selfViewCorner: "middle", soundsOn: false }) });
    expect(loadPreferences()).toMatchObject({ selfViewCorner: "bottom-right", soundsOn: false });
  });
});
