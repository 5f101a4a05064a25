import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { SecurityCodeController, type SecurityCodeView } from "../controllers/security-code-controller.js";
import { LABEL_MAX_LENGTH, type VerifiedPeer } from "../security/peer-trust.js";
import type { SecurityCodeProblem } from "../security/security-code.js";
import { buttonStyles } from "./theme.js";
import { securityCodeStyles } from "./security-code-panel.styles.js";

type Ready = Extract<SecurityCodeView, { kind: "ready" }>;

const UNAVAILABLE: Record<SecurityCodeProblem | "no-stats", string> = {
  "no-stats": "This browser does not report which certificates the connection uses, so there is no security code.",
  "unsupported-algorithm":
    "The other browser uses a kind of certificate fingerprint this app cannot check, so there is no security code.",
  "malformed-fingerprint": "The connection reported a certificate fingerprint this app cannot read.",
  "conflicting-transports": "This connection uses more than one pair of certificates, so one code cannot cover it.",
};

function day(ms: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(ms);
}

function them(peer: VerifiedPeer): string {
  return peer.label || "this person";
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
      <h2 id="title">Security code</h2>
      ${this.renderBody(view)}
    </section>`;
  }

  private renderBody(view: SecurityCodeView) {
    switch (view.kind) {
      case "waiting":
        return html`<p class="quiet">The security code appears once you are connected.</p>`;
      case "computing":
        return html`<p class="quiet">Working out the security code…</p>`;
      case "unavailable":
        return html`<p class="quiet">${UNAVAILABLE[view.problem]}</p>`;
      case "ready":
        return html`<p class="code" part="code" data-role="security-code">
            ${view.groups.map((g) => html`<span>${g}</span> `)}
          </p>
          ${this.renderTrust(view)}
          ${view.remembered ? nothing : html`<p class="quiet">This browser cannot save comparisons, so none is remembered.</p>`}`;
    }
  }

  private renderTrust(view: Ready) {
    if (this.differsFor === view.remoteFingerprint) {
      return html`<div class="danger-box" role="alert">
        <p><strong>The codes differ: someone may be listening in.</strong></p>
        <p>
          Do not say anything private on this call. Hang up and call again; if the codes differ again, this service may
          be compromised, so talk to them another way.
        </p>
      </div>`;
    }
    const trust = view.trust;
    if (trust.kind === "verified") {
      const sentence =
        this.markedFor === view.remoteFingerprint
          ? `Verified: you and ${them(trust.peer)} compared this code.`
          : `Verified with ${them(trust.peer)} before: you compared this code on ${day(trust.peer.verifiedAt)}.`;
      return html`<p class="verified" role="status">
          <span aria-hidden="true">✓</span> ${sentence} Nobody is listening in between you.
        </p>
        <button class="secondary small" @click=${() => this.security.forget()}>Forget this comparison</button>`;
    }
    if (trust.kind === "changed") {
      const previous = trust.previous;
      return html`<div class="danger-box" role="alert">
          <p><strong>Warning: this is not the code you compared with ${them(previous)}.</strong></p>
          <p>
            You compared a different code on ${day(previous.verifiedAt)}. Their browser now uses another key: either
            they changed or reset their browser, or someone is listening in between you. Compare this new code out loud
            before you say anything private.
          </p>
        </div>
        ${this.renderCompareForm(view, previous.label, "We compared the new code")}`;
    }
    return html`<p>
        Read this code to each other, out loud or in person. If both screens show the same digits, nobody is listening
        in between you.
      </p>
      ${this.renderCompareForm(view, "", "We compared it")}`;
  }

  private renderCompareForm(view: Ready, label: string, action: string) {
    return html`<form @submit=${(e: Event) => this.compared(e, view)}>
      <label>
        Their name <span class="quiet">(saved only on this device)</span>
        <input name="label" autocomplete="off" maxlength=${LABEL_MAX_LENGTH} .value=${label} />
      </label>
      <div class="actions">
        <button type="submit">${action}</button>
        <button type="button" class="secondary" @click=${() => (this.differsFor = view.remoteFingerprint)}>
          The codes differ
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
