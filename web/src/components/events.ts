/** Component events, declared once so listeners are typed. */
import type { Corner } from "../media/preferences.js";

export interface NavigateDetail {
  path: string;
  /** Join the call at once on arrival (the creator, or someone who pressed Join or Go). */
  autoJoin?: boolean;
}

/** What the control bar and the join screen ask the call page to do. */
export type ControlName =
  | "mic"
  | "camera"
  | "share"
  | "chat"
  | "hang-up"
  | "end-for-all"
  | "confirm-end"
  | "cancel-end"
  | "cancel-call"
  | "rejoin"
  | "home"
  | "join"
  | "retry-media"
  | "check-camera"
  | "flip-camera"
  | "self-view"
  | "settings"
  | "sounds"
  | "notifications"
  | "fullscreen"
  | "pip"
  | "share-link";

declare global {
  interface GlobalEventHandlersEventMap {
    "fc-navigate": CustomEvent<NavigateDetail>;
    "fc-send": CustomEvent<{ text: string; sent: boolean }>;
    "fc-first-frame": CustomEvent<{ at: number }>;
    /** A device was chosen in a picker. */
    "fc-device": CustomEvent<{ kind: "camera" | "microphone" | "speaker"; id: string }>;
    /** A control was pressed (the call page acts on it). */
    "fc-control": CustomEvent<{ control: ControlName }>;
    /** The self view was moved to another corner of the stage. */
    "fc-self-corner": CustomEvent<{ corner: Corner }>;
    /** The display name typed before joining. */
    "fc-name": CustomEvent<{ name: string }>;
  }
}

type EventDetail<K extends keyof GlobalEventHandlersEventMap> =
  GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches a typed, bubbling, composed event from `el`. */
export function emit<K extends keyof GlobalEventHandlersEventMap>(
  el: HTMLElement,
  name: K,
  detail: EventDetail<K>,
): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
