import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { OpenedRoom } from "../call/call-requests.js";

export type RoomEntryState =
  | { phase: "idle" }
  | { phase: "opening" }
  /** Both seats are held by people who are still there; asking again every WAIT_STEP_MS. */
  | { phase: "waiting"; name: string }
  /** It stayed full for every ask. */
  | { phase: "still-full" }
  /** openRoom refused or failed: the page words it (strings/refusals.ts). */
  | { phase: "error"; refusal: unknown };

/** How often a full room is asked again, and for how long at most. */
export const ROOM_WAIT_STEP_MS = 10_000;
export const ROOM_WAIT_MAX_TRIES = 60;

/**
 * Going into a named room from the start page. A full room is asked again every few seconds (each
 * ask lets the server free the seats of people who have gone) until a seat is free, then `enter`
 * is called with the room's id; the person sees that they are waiting and can stop. Bounded: after
 * ROOM_WAIT_MAX_TRIES asks it gives up.
 */
export class RoomEntryController implements ReactiveController {
  state: RoomEntryState = { phase: "idle" };
  private attempt: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly openRoom: (name: string) => Promise<OpenedRoom>,
    private readonly enter: (id: string) => void,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Opens the room, waiting for a seat if it is full. */
  async open(name: string): Promise<void> {
    this.stop();
    const attempt = new AbortController();
    this.attempt = attempt;
    this.set({ phase: "opening" });
    for (let tries = 0; tries < ROOM_WAIT_MAX_TRIES && !attempt.signal.aborted; tries++) {
      let room: OpenedRoom;
      try {
        room = await this.openRoom(name);
      } catch (err) {
        if (!attempt.signal.aborted) this.set({ phase: "error", refusal: err });
        return;
      }
      if (attempt.signal.aborted) return;
      if (!room.full) {
        this.set({ phase: "idle" });
        this.enter(room.id);
        return;
      }
      this.set({ phase: "waiting", name });
      await sleep(ROOM_WAIT_STEP_MS, attempt.signal);
    }
    if (!attempt.signal.aborted) this.set({ phase: "still-full" });
  }

  /** Stops waiting (the person gave up, or left the page) and forgets the last failure. */
  stop(): void {
    this.attempt?.abort();
    this.attempt = null;
    if (this.state.phase !== "idle") this.set({ phase: "idle" });
  }

  private set(state: RoomEntryState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
