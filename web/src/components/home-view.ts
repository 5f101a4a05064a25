import { LitElement, css, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { checkStartTime, LIMITS, parseCallId, type CallRequest } from "@firecall/model";
import { callableMessage, ROOM_STILL_FULL } from "../strings/refusals.js";
import { RoomEntryController } from "../controllers/room-entry-controller.js";
import { fromDateTimeLocalValue, localDateTime, toDateTimeLocalValue } from "../format/local-time.js";
import { appServices, preloadSession, sessionServices } from "../services.js";
import { emit } from "./events.js";
import { HOME_STRINGS } from "../strings/home.js";
import { buttonStyles } from "./theme.js";

const { create: C, join: J, room: R } = HOME_STRINGS;

const INTENT_EVENTS = ["pointerover", "focusin", "touchstart"] as const;

/** The first full hour at least 30 minutes away: a sensible first value for the date-time picker. */
function nextFullHour(): number {
  const d = new Date(Date.now() + 30 * 60_000);
  if (d.getMinutes() > 0 || d.getSeconds() > 0 || d.getMilliseconds() > 0) d.setHours(d.getHours() + 1, 0, 0, 0);
  return d.getTime();
}

/**
 * @summary Start page: create a call now or schedule one, join one by id or link, or meet in a
 * named room. Its first load has no Firebase SDK: Auth and Functions are fetched when the person
 * reaches for a form, Firestore when a call is on its way.
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
      form.create {
        display: grid;
        gap: 0.75rem;
      }
      fieldset {
        border: none;
        padding: 0;
        margin: 0;
        display: flex;
        gap: 1rem;
      }
      .visually-hidden {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      label.field {
        display: grid;
        gap: 0.25rem;
      }
      input {
        flex: 1;
      }
      [role="alert"] {
        color: var(--fc-error, #fca5a5);
      }
    `,
  ];

  @state() private busy: "create" | null = null;
  @state() private joinError = "";
  @state() private roomError = "";
  private room = new RoomEntryController(
    this,
    async (name) => (await this.requests()).openRoom(name),
    (id) => emit(this, "fc-navigate", { path: `/c/${id}`, autoJoin: true }),
  );
  @state() private createError = "";
  @state() private when: "now" | "later" = "now";
  @state() private startValue = toDateTimeLocalValue(nextFullHour());

  /** The first sign of intent (a pointer over the page, focus, a touch) fetches the SDK for creating calls. */
  private readonly onIntent = () => {
    for (const type of INTENT_EVENTS) this.removeEventListener(type, this.onIntent);
    preloadSession();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    for (const type of INTENT_EVENTS) this.addEventListener(type, this.onIntent, { passive: true });
  }

  override disconnectedCallback(): void {
    for (const type of INTENT_EVENTS) this.removeEventListener(type, this.onIntent);
    super.disconnectedCallback();
  }

  /** The callables need Auth and Functions; the call page that follows needs Firestore, fetched meanwhile. */
  private async requests() {
    void appServices().catch(() => {
      // The call page asks again and shows what went wrong.
    });
    return (await sessionServices()).requests;
  }

  private get startMs(): number | null {
    return fromDateTimeLocalValue(this.startValue);
  }

  /** Creates the call (now or scheduled); the server checks everything again and has the last word. */
  private async create(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const title = (form.elements.namedItem("title") as HTMLInputElement | null)?.value.trim();
    const grace = (form.elements.namedItem("grace") as HTMLSelectElement).value;
    const request: CallRequest = {};
    if (title) request.title = title;
    if (grace) request.emptyTimeoutSeconds = Number(grace);
    if (this.when === "later") {
      const ms = this.startMs;
      if (ms === null) {
        this.createError = C.missingStart;
        return;
      }
      const check = checkStartTime(new Date(ms).toISOString(), Date.now());
      if (!check.ok) {
        this.createError = check.problem === "in_past" ? C.inPast : C.tooFar;
        return;
      }
      request.startsAt = new Date(ms).toISOString();
    }
    this.busy = "create";
    this.createError = "";
    try {
      const created = await (await this.requests()).scheduleCall(request);
      // A call on now is entered at once; a scheduled one shows its lobby, link and calendar file.
      emit(this, "fc-navigate", { path: `/c/${created.id}`, autoJoin: created.status === "open" });
    } catch (err) {
      this.createError = callableMessage(err, C.failed);
    } finally {
      this.busy = null;
    }
  }

  private join(e: Event): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector("input")!;
    const parsed = parseCallId(input.value);
    if (!parsed.ok) {
      this.joinError = parsed.reason === "empty" ? J.empty : J.invalid;
      return;
    }
    this.joinError = "";
    emit(this, "fc-navigate", { path: `/c/${parsed.id}`, autoJoin: true });
  }

  private async goToRoom(e: Event): Promise<void> {
    e.preventDefault();
    const name = (e.target as HTMLFormElement).querySelector("input")!.value.trim();
    if (!name) {
      this.room.stop();
      this.roomError = R.empty;
      return;
    }
    this.roomError = "";
    await this.room.open(name);
  }

  /** The room section's live line: waiting for a seat in a full room, or why it failed. */
  private renderRoomState() {
    const room = this.room.state;
    if (room.phase === "waiting") {
      return html`<p role="status" data-role="room-wait">${R.full(room.name)}</p>
        <button class="secondary" @click=${() => this.room.stop()}>${R.stopWaiting}</button>`;
    }
    const error =
      room.phase === "error"
        ? callableMessage(room.refusal, R.failed)
        : room.phase === "still-full"
          ? ROOM_STILL_FULL
          : this.roomError;
    return html`<p role="alert">${error}</p>`;
  }

  private renderSchedule() {
    const ms = this.startMs;
    return html`<label class="field"
        >${C.startsAt}
        <input
          type="datetime-local"
          name="startsAt"
          required
          .value=${this.startValue}
          @input=${(e: Event) => (this.startValue = (e.target as HTMLInputElement).value)}
        />
      </label>
      <p data-role="start-preview">${ms === null ? C.pickDateTime : C.startsOn(localDateTime(ms))}</p>
      <label class="field"
        >${C.titleLabel}
        <input name="title" maxlength=${LIMITS.titleMaxLength} autocomplete="off" />
      </label>`;
  }

  override render() {
    return html`<h1>${HOME_STRINGS.title}</h1>
      <p>${HOME_STRINGS.tagline}</p>
      <section aria-labelledby="create-h">
        <h2 id="create-h">${C.heading}</h2>
        <form class="create" @submit=${this.create}>
          <fieldset>
            <legend class="visually-hidden">${C.when}</legend>
            <label
              ><input
                type="radio"
                name="when"
                value="now"
                .checked=${this.when === "now"}
                @change=${() => (this.when = "now")}
              />
              ${C.now}</label
            >
            <label
              ><input
                type="radio"
                name="when"
                value="later"
                .checked=${this.when === "later"}
                @change=${() => (this.when = "later")}
              />
              ${C.later}</label
            >
          </fieldset>
          ${this.when === "later" ? this.renderSchedule() : ""}
          <label class="field"
            >${C.graceLabel}
            <select name="grace">
              ${C.graceChoices.map(([value, label]) => html`<option value=${value}>${label}</option>`)}
            </select>
          </label>
          <div>
            <button type="submit" ?disabled=${this.busy !== null}>
              ${this.busy === "create" ? C.creating : this.when === "later" ? C.schedule : C.createNow}
            </button>
          </div>
        </form>
        <p role="alert">${this.createError}</p>
      </section>
      <section aria-labelledby="join-h">
        <h2 id="join-h">${J.heading}</h2>
        <form @submit=${this.join}>
          <input aria-label=${J.inputLabel} placeholder=${J.placeholder} autocomplete="off" />
          <button type="submit">${J.submit}</button>
        </form>
        <p role="alert">${this.joinError}</p>
      </section>
      <section aria-labelledby="room-h">
        <h2 id="room-h">${R.heading}</h2>
        <p>${R.intro}</p>
        <form @submit=${this.goToRoom}>
          <input aria-label=${R.inputLabel} maxlength=${LIMITS.roomNameMaxLength} autocomplete="off" />
          <button type="submit" ?disabled=${this.busy !== null || this.room.state.phase === "opening"}>
            ${R.submit}
          </button>
        </form>
        ${this.renderRoomState()}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-home": HomeView;
  }
}
