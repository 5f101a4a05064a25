/** Component events, declared once so listeners are typed. */
export interface NavigateDetail {
  path: string;
  /** Join the call at once on arrival (the creator, or someone who pressed Join or Go). */
  autoJoin?: boolean;
}

declare global {
  interface GlobalEventHandlersEventMap {
    "fc-navigate": CustomEvent<NavigateDetail>;
    "fc-send": CustomEvent<{ text: string }>;
    "fc-first-frame": CustomEvent<{ at: number }>;
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
