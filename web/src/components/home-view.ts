import { LitElement, css, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { parseCallId } from "../../../functions/src/shared/call-id.js";
import { LIMITS } from "../../../functions/src/shared/call-model.js";
import { appServices } from "../services.js";
import { emit } from "./events.js";
import { buttonStyles } from "./theme.js";

/**
 * @summary Start page: create a call, join one by id or link, or meet in a named room.
 * @fires fc-navigate - go to a call
 */
@customElement("fc-home")
export class HomeView extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: grid;
        gap: 1.25rem;
        max-width: 32rem;
        margin: 3rem auto;
        padding: 0 1rem;
      }
      section {
        background: var(--fc-surface, #1a1f25);
        border-radius: 0.75rem;
        padding: 1rem 1.25rem;
      }
      form {
        display: flex;
        gap: 0.5rem;
      }
      input {
        flex: 1;
      }
      [role="alert"] {
        color: var(--fc-error, #fca5a5);
      }
    `,
  ];

  @state() private busy: "create" | "room" | null = null;
  @state() private joinError = "";
  @state() private roomError = "";
  @state() private createError = "";

  private async create(): Promise<void> {
    this.busy = "create";
    this.createError = "";
    try {
      const id = await (await appServices()).directory.createCall();
      emit(this, "fc-navigate", { path: `/c/${id}`, autoJoin: true });
    } catch {
      this.createError = "Could not create a call. Check your connection and try again.";
    } finally {
      this.busy = null;
    }
  }

  private join(e: Event): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector("input")!;
    const parsed = parseCallId(input.value);
    if (!parsed.ok) {
      this.joinError =
        parsed.reason === "empty"
          ? "Enter a call id or paste the link you were sent."
          : "That is not a valid call id. A call id looks like abcd-efgh-ijkm-nopq.";
      return;
    }
    this.joinError = "";
    emit(this, "fc-navigate", { path: `/c/${parsed.id}`, autoJoin: true });
  }

  private async goToRoom(e: Event): Promise<void> {
    e.preventDefault();
    const name = (e.target as HTMLFormElement).querySelector("input")!.value.trim();
    if (!name) {
      this.roomError = "Enter a room name.";
      return;
    }
    this.busy = "room";
    this.roomError = "";
    try {
      const id = await (await appServices()).directory.openRoom(name);
      emit(this, "fc-navigate", { path: `/c/${id}`, autoJoin: true });
    } catch (err) {
      const message = (err as { message?: unknown }).message;
      // The SDK appends the HTTP status ("… [400]"); people need only the sentence.
      this.roomError =
        typeof message === "string" && message ? message.replace(/\s*\[\d{3}\]$/, "") : "Could not open the room.";
    } finally {
      this.busy = null;
    }
  }

  override render() {
    return html`<h1>Firecall</h1>
      <p>Private one-to-one video calls, straight between your browsers.</p>
      <section aria-labelledby="create-h">
        <h2 id="create-h">Start a call</h2>
        <button @click=${this.create} ?disabled=${this.busy !== null}>
          ${this.busy === "create" ? "Creating…" : "Create call"}
        </button>
        <p role="alert">${this.createError}</p>
      </section>
      <section aria-labelledby="join-h">
        <h2 id="join-h">Join a call</h2>
        <form @submit=${this.join}>
          <input aria-label="Call id or link" placeholder="abcd-efgh-ijkm-nopq or the link" autocomplete="off" />
          <button type="submit">Join</button>
        </form>
        <p role="alert">${this.joinError}</p>
      </section>
      <section aria-labelledby="room-h">
        <h2 id="room-h">Meet in a room</h2>
        <p>Both of you type the same room name.</p>
        <form @submit=${this.goToRoom}>
          <input aria-label="Room name" maxlength=${LIMITS.roomNameMaxLength} autocomplete="off" />
          <button type="submit" ?disabled=${this.busy !== null}>Go</button>
        </form>
        <p role="alert">${this.roomError}</p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-home": HomeView;
  }
}
