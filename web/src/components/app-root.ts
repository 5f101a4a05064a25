import { LitElement, css, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { appServices } from "../services.js";
import type { NavigateDetail } from "./events.js";
import { buttonStyles } from "./theme.js";
import { SHELL_STRINGS } from "../strings/home.js";
import "./home-view.js";

type Loading = "idle" | "loading" | "loaded" | "failed";

/** `/c/<id>` names a call; anything else is the start page. */
function callIdIn(path: string): string | null {
  const match = /^\/c\/([^/]+)\/?$/.exec(path);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!; // not valid percent-encoding: the call page says it is not a call id
  }
}

/**
 * @summary The app shell: routes `/` to the start page and `/c/<call id>` to a call. The call
 * page (with the Firestore SDK) is a separate chunk, loaded when a call is opened.
 */
@customElement("fc-app")
export class AppRoot extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
      }
      .loading {
        padding: 1rem;
        max-width: 72rem;
        margin: 0 auto;
      }
      [role="alert"] {
        color: var(--fc-error, #fca5a5);
      }
    `,
  ];

  @state() private path = location.pathname;
  @state() private autoJoin = false;
  @state() private callPage: Loading = "idle";

  private readonly onPopState = () => {
    this.autoJoin = false;
    this.path = location.pathname;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("popstate", this.onPopState);
    this.addEventListener("fc-navigate", (e) => this.navigate(e.detail));
  }

  override disconnectedCallback(): void {
    window.removeEventListener("popstate", this.onPopState);
    super.disconnectedCallback();
  }

  private navigate({ path, autoJoin = false }: NavigateDetail): void {
    history.pushState(null, "", path);
    this.autoJoin = autoJoin;
    this.path = path;
  }

  protected override willUpdate(): void {
    // A failed load waits for the person's "Try again".
    if (callIdIn(this.path) !== null && this.callPage === "idle") void this.loadCallPage();
  }

  /**
   * Loads the call page's chunk, and meanwhile the SDK and sign-in it will ask for first. A failed
   * module download stays failed for the life of the page (browsers cache it), so "Try again"
   * reloads.
   */
  private async loadCallPage(): Promise<void> {
    this.callPage = "loading";
    void appServices().catch(() => {
      // The call page asks again and shows what went wrong.
    });
    try {
      await import("./call-page.js");
      this.callPage = "loaded";
    } catch (err) {
      console.warn("could not load the call page:", err);
      this.callPage = "failed";
    }
  }

  override render() {
    const raw = callIdIn(this.path);
    if (raw === null) return html`<fc-home></fc-home>`;
    if (this.callPage === "failed") {
      return html`<div class="loading">
        <p role="alert">${SHELL_STRINGS.callPageFailed}</p>
        <button @click=${() => location.reload()}>${SHELL_STRINGS.tryAgain}</button>
      </div>`;
    }
    if (this.callPage !== "loaded") return html`<p class="loading" role="status">${SHELL_STRINGS.openingCall}</p>`;
    // Keyed by id: a different call gets a fresh page with its own controllers.
    return keyed(raw, html`<fc-call-page .rawCallId=${raw} ?autoJoin=${this.autoJoin}></fc-call-page>`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-app": AppRoot;
  }
}
