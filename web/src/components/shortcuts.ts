/** The key presses that are shortcuts, as plain data so the rule can be tested without a DOM. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Meet's shortcuts: Ctrl/⌘+D microphone, Ctrl/⌘+E camera; anything else is not ours. */
export function shortcutFor(e: KeyPress): "mic" | "camera" | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  const key = e.key.toLowerCase();
  return key === "d" ? "mic" : key === "e" ? "camera" : null;
}
