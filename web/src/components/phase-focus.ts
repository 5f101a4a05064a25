/** Which screen of the call page is showing; focus moves when it changes. */
export type CallView = "prejoin" | "lobby" | "call" | "left" | "problem";

// "joining" too: the call screen is drawn while the join write travels, not after it.
const IN_CALL = new Set(["joining", "waiting", "connecting", "connected", "reconnecting"]);

export function viewOf(phase: string): CallView {
  if (IN_CALL.has(phase)) return "call";
  if (phase === "lobby" || phase === "left") return phase;
  return phase === "error" || phase === "ended" ? "problem" : "prejoin";
}

/**
 * Where keyboard focus goes when the call page changes screen, so it is never lost on a button
 * that went away: into the call, the control bar's microphone; after it, the first action (Rejoin,
 * Try again, Back to start). The join screen and the lobby keep focus where the person put it.
 */
export function focusAfterChange(root: ParentNode, view: CallView): void {
  if (view === "call") {
    const bar = root.querySelector("fc-control-bar");
    void bar?.updateComplete.then(() => bar.shadowRoot?.querySelector<HTMLElement>("button")?.focus());
  } else if (view === "left" || view === "problem") {
    root.querySelector<HTMLElement>("main button")?.focus();
  }
}
