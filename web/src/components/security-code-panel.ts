import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { SecurityCodeController, type SecurityCodeView } from "../controllers/security-code-controller.js";
import { LABEL_MAX_LENGTH } from "../security/peer-trust.js";
import { SECURITY_STRINGS as S } from "../strings/security.js";
import { buttonStyles } from "./theme.js";
import { securityCodeStyles } from "./security-code-panel.styles.js";

type Ready = Extract<SecurityCodeView, { kind: "ready" }>;

function day(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(ms);
}

/**
 * @summary The call's security code: both people read it to each other; if it matches, nobody
 * sits between them. Remembers a comparison on this device and warns if the code of someone
 * compared before has changed.
 * @csspart code - the digits
 */
@customElement("fc-security-code")
export class SecurityCodePanel extends LitElement {
  static override styles = [buttonStyles, securityCodeStyles];

  /** The call's current peer connection. */
  @property({ attribute: false }) connection: RTCPeerConnection | null = null;
  /** The other browser's (anonymous) user id, to recognise them when their certificate changes. */
  @property({ attribute: false }) remoteUid: string | null = null;
  /** The fingerprint whose code the person said differs; the advice shows until the code changes. */
  @state() private differsFor: string | null = null;
  /** The fingerprint marked as compared while this panel was open. */
  @state() private markedFor: string | null = null;
  @query("input") private labelInput?: HTMLInputElement;

  private readonly security = new SecurityCodeController(this, () => ({
    peerConnection: this.connection,
    remoteUid: this.remoteUid,
  }));

  protected override updated(): void {
    // Exposed for styling and for tests that wait on an observable state.
    const view = this.security.view;
    this.dataset.state = view.kind === "ready" ? view.trust.kind : view.kind;
  }

  private async compared(e: Event, view: Ready): Promise<void> {
    e.preventDefault();
    await this.security.markCompared(this.labelInput?.value ?? "");
    this.markedFor = view.remoteFingerprint;
    this.differsFor = null;
  }

  override render() {
    const view = this.security.view;
    return html`<section aria-labelledby="title">
      <h2 id="title">${S.heading}</h2>
      ${this.renderBody(view)}
    </section>`;
  }

  private renderBody(view: SecurityCodeView) {
    switch (view.kind) {
      case "waiting":
        return html`<p class="quiet">${S.waiting}</p>`;
      case "computing":
        return html`<p class="quiet">${S.computing}</p>`;
      case "unavailable":
        return html`<p class="quiet">${S.unavailable[view.problem]}</p>`;
      case "ready":
        return html`<p class="code" part="code" data-role="security-code">
            ${view.groups.map((g) => html`<span>${g}</span> `)}
          </p>
          ${this.renderTrust(view)} ${view.remembered ? nothing : html`<p class="quiet">${S.notRemembered}</p>`}`;
    }
  }

  private renderTrust(view: Ready) {
    if (this.differsFor === view.remoteFingerprint) {
      return html`<div class="danger-box" role="alert">
        <p><strong>${S.differHeading}</strong></p>
        <p>${S.differAdvice}</p>
      </div>`;
    }
    const trust = view.trust;
    if (trust.kind === "verified") {
      const sentence =
        this.markedFor === view.remoteFingerprint
          ? S.verifiedNow(trust.peer.label)
          : S.verifiedBefore(trust.peer.label, day(trust.peer.verifiedAt));
      return html`<p class="verified" role="status"><span aria-hidden="true">✓</span> ${sentence}</p>
        <button class="secondary small" @click=${() => this.security.forget()}>${S.forget}</button>`;
    }
    if (trust.kind === "changed") {
      const previous = trust.previous;
      return html`<div class="danger-box" role="alert">
          <p><strong>${S.changedHeading(previous.label)}</strong></p>
          <p>${S.changedAdvice(day(previous.verifiedAt))}</p>
        </div>
        ${this.renderCompareForm(view, previous.label, S.comparedNew)}`;
    }
    return html`<p>${S.howTo}</p>
      ${this.renderCompareForm(view, "", S.compared)}`;
  }

  private renderCompareForm(view: Ready, label: string, action: string) {
    return html`<form @submit=${(e: Event) => this.compared(e, view)}>
      <label>
        ${S.nameLabel} <span class="quiet">${S.nameHint}</span>
        <input name="label" autocomplete="off" maxlength=${LABEL_MAX_LENGTH} .value=${label} />
      </label>
      <div class="actions">
        <button type="submit">${action}</button>
        <button type="button" class="secondary" @click=${() => (this.differsFor = view.remoteFingerprint)}>
          ${S.differ}
        </button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-security-code": SecurityCodePanel;
  }
}
