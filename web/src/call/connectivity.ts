import type { NetworkView } from "./call-state.js";

/**
 * This page's own connection to the world, from two observations: the browser's online/offline
 * events, and whether Firestore's snapshots come from the server or only from its cache (the SDK
 * says `fromCache` once it has lost its stream). Pure transitions, and a small monitor that feeds
 * them from the window's events.
 */
export interface Connectivity {
  browserOnline: boolean;
  /** Whether the latest snapshot came from the server; null before the first one. */
  firestoreLive: boolean | null;
  /** Local time since when we have been online; null while offline. */
  onlineSince: number | null;
  offlineSince: number | null;
}

export type ConnectivityEvent =
  { type: "browser"; online: boolean; now: number } | { type: "snapshot"; fromCache: boolean; now: number };

export function initialConnectivity(now: number, browserOnline: boolean): Connectivity {
  return {
    browserOnline,
    firestoreLive: null,
    onlineSince: browserOnline ? now : null,
    offlineSince: browserOnline ? null : now,
  };
}

export function isOnline(c: Pick<Connectivity, "browserOnline" | "firestoreLive">): boolean {
  // Before the first snapshot the listener has not been able to tell: trust the browser.
  return c.browserOnline && c.firestoreLive !== false;
}

export function nextConnectivity(c: Connectivity, e: ConnectivityEvent): Connectivity {
  const next = e.type === "browser" ? { ...c, browserOnline: e.online } : { ...c, firestoreLive: !e.fromCache };
  const was = isOnline(c);
  const now = isOnline(next);
  if (was === now) return next;
  return now
    ? { ...next, onlineSince: e.now, offlineSince: null }
    : { ...next, onlineSince: null, offlineSince: e.now };
}

export function networkView(c: Connectivity): NetworkView {
  return { online: isOnline(c), offlineSince: c.offlineSince };
}

/** Feeds the window's online/offline events (and page resume) into `onEvent` until closed. */
export class ConnectivityMonitor {
  private readonly onOnline = () => this.onEvent({ type: "browser", online: true, now: Date.now() });
  private readonly onOffline = () => this.onEvent({ type: "browser", online: false, now: Date.now() });

  constructor(
    private readonly onEvent: (e: ConnectivityEvent) => void,
    private readonly onResume: () => void,
  ) {
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    // A frozen tab or a laptop that slept: look around at once instead of at the next timer.
    document.addEventListener("resume", this.onResume);
    document.addEventListener("visibilitychange", this.onResume);
  }

  close(): void {
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    document.removeEventListener("resume", this.onResume);
    document.removeEventListener("visibilitychange", this.onResume);
  }
}
