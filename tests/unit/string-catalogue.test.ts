import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { wordsInSource } from "../support/template-words.js";
import { mediaNoticeText } from "../../web/src/strings/call.js";

const WEB = join(import.meta.dirname, "../../web/src");

describe("every word the app shows comes from web/src/strings", () => {
  it("finds words written into a template, an attribute or a sentence literal (the check can fail)", () => {
    const src =
      'html`<p>Starts in <b>${x}</b></p><input aria-label="Room name" /><i>${y}</i>`;\nconst e = "Could not open the room.";';
    expect(wordsInSource(src)).toEqual(["Starts in", "Room name", '"Could not open the room."']);
    expect(wordsInSource('html`<p>${S.heading}</p><input aria-label=${S.label} />`; const id = "abc";')).toEqual([]);
  });

  it("no component or controller holds words of its own, so a translation is web/src/strings and nothing else", () => {
    const offenders = ["components", "controllers"].flatMap((dir) =>
      readdirSync(join(WEB, dir))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".styles.ts"))
        .flatMap((f) => wordsInSource(readFileSync(join(WEB, dir, f), "utf8")).map((w) => `${dir}/${f}: ${w}`)),
    );
    expect(offenders).toEqual([]);
  });

  it("says why media is missing in whole sentences, one per case, never glued from fragments", () => {
    const whys = ["denied", "missing", "busy", "other"] as const;
    const sentences = whys.flatMap((why) =>
      (["camera", "microphone", "both"] as const).map((missing) => mediaNoticeText({ why, missing })),
    );
    expect(new Set(sentences).size).toBe(12);
    expect(mediaNoticeText({ why: "missing", missing: "both" })).toBe(
      "No camera or microphone was found. You can still join to see and hear the other person.",
    );
    expect(mediaNoticeText({ why: "lost", device: "microphone", fallback: true })).toBe(
      "Your microphone stopped working, so another one is used now.",
    );
  });
});
