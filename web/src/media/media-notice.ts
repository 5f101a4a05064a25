import type { MediaFailure } from "./devices.js";

export type MediaDevice = "camera" | "microphone";

/** Why some media is missing or changed (the UI says it in words: the string catalogue). */
export type MediaNotice =
  | { why: "unsupported" }
  | { why: MediaFailure; missing: MediaDevice | "both" }
  /** Devices went away (unplugged, permission revoked): `fallback` says whether others took over. */
  | { why: "lost"; device: MediaDevice | "both"; fallback: boolean }
  /** A chosen device could not be started, or sent no picture; the previous one stays. */
  | { why: "switch-failed"; device: MediaDevice };

/**
 * The notice after `device` went away, given the one shown now: when the other device went away
 * too (permission revoked ends both at once) one notice speaks of both. Outcomes that differ
 * keep the one that left something missing, which is what the person has to act on.
 */
export function noticeAfterLoss(current: MediaNotice | null, device: MediaDevice, fallback: boolean): MediaNotice {
  const lost: MediaNotice = { why: "lost", device, fallback };
  if (current?.why !== "lost" || current.device === device) return lost;
  if (current.fallback === fallback) return { why: "lost", device: "both", fallback };
  return fallback ? current : lost;
}

/**
 * The notice once `device` works again: a notice about it alone goes, one about both keeps
 * speaking of the other device, any other notice stays.
 */
export function noticeAfterRecovery(current: MediaNotice | null, device: MediaDevice): MediaNotice | null {
  if (!current) return null;
  const other: MediaDevice = device === "camera" ? "microphone" : "camera";
  if (current.why === "lost") {
    if (current.device === device) return null;
    return current.device === "both" ? { ...current, device: other } : current;
  }
  if ("missing" in current) {
    if (current.missing === device) return null;
    return current.missing === "both" ? { ...current, missing: other } : current;
  }
  return current.why === "switch-failed" && current.device === device ? null : current;
}
