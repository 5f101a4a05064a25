/**
 * What this device remembers for the next call: the name typed before joining, the chosen
 * devices, whether sounds play, whether the self view is hidden and in which corner, whether to notify while hidden. localStorage may be unavailable
 * (private modes, storage blocked) or hold anything: every read is checked and falls back.
 */
/** Where the self view sits on the stage. */
export type Corner = "top-left" | "top-right" | "bottom-left" | "bottom-right";
const CORNERS: readonly unknown[] = ["top-left", "top-right", "bottom-left", "bottom-right"];

export interface Preferences {
  displayName: string;
  cameraId: string | null;
  micId: string | null;
  speakerId: string | null;
  soundsOn: boolean;
  selfViewHidden: boolean;
  /** Show a notification while the tab is hidden (only with the browser's permission). */
  notifyWhenHidden: boolean;
  selfViewCorner: Corner;
}

const KEY = "firecall:preferences";

export const DEFAULT_PREFERENCES: Preferences = {
  displayName: "",
  cameraId: null,
  micId: null,
  speakerId: null,
  soundsOn: true,
  selfViewHidden: false,
  notifyWhenHidden: false,
  selfViewCorner: "bottom-right",
};

export function loadPreferences(): Preferences {
  let raw: unknown;
  try {
    raw = JSON.parse(localStorage.getItem(KEY) ?? "{}");
  } catch {
    return DEFAULT_PREFERENCES;
  }
  const p = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown, max: number) => (typeof v === "string" && v.length <= max ? v : null);
  const flag = (v: unknown, fallback: boolean) => (typeof v === "boolean" ? v : fallback);
  return {
    displayName: text(p.displayName, 200) ?? "",
    cameraId: text(p.cameraId, 500),
    micId: text(p.micId, 500),
    speakerId: text(p.speakerId, 500),
    soundsOn: flag(p.soundsOn, true),
    selfViewHidden: flag(p.selfViewHidden, false),
    notifyWhenHidden: flag(p.notifyWhenHidden, false),
    selfViewCorner: CORNERS.includes(p.selfViewCorner) ? (p.selfViewCorner as Corner) : "bottom-right",
  };
}

export function savePreferences(patch: Partial<Preferences>): Preferences {
  const next = { ...loadPreferences(), ...patch };
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage blocked or full: the choice holds for this page only.
  }
  return next;
}
