import { LitElement, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import type { NavigateDetail } from "./events.js";
import "./call-page.js";
import "./home-view.js";

/**
 * @summary The app shell: routes `/` to the start page and `/c/<call id>` to a call.
 */
@customElement("fc-app")
export class AppRoot extends LitElement {
  @state() private path = location.pathname;
  @state() private autoJoin = false;

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

  override render() {
    const match = /^\/c\/([^/]+)\/?$/.exec(this.path);
    if (!match) return html`<fc-home></fc-home>`;
    // Keyed by id: a different call gets a fresh page with its own controllers.
    const raw = safeDecode(match[1]!);
    return keyed(raw, html`<fc-call-page .rawCallId=${raw} ?autoJoin=${this.autoJoin}></fc-call-page>`);
  }
}

/** A path segment as typed; one that is not valid percent-encoding (`/c/%`) stays as it is, so the call page explains it. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-app": AppRoot;
  }
}
