import { LitElement, css, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { encode } from "uqr";

/**
 * @summary A QR code of `value` as SVG (dark modules on white, with the quiet zone), so a phone's
 * camera can open the link. Drawn from the module matrix: no HTML strings.
 */
@customElement("fc-qr-code")
export class QrCode extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      width: 10rem;
    }
    svg {
      display: block;
      width: 100%;
      height: auto;
    }
  `;

  @property() value = "";
  @property() label = "";

  override render() {
    const { data, size } = encode(this.value, { border: 2 });
    let path = "";
    data.forEach((row, y) =>
      row.forEach((dark, x) => {
        if (dark) path += `M${x} ${y}h1v1h-1z`;
      }),
    );
    return html`<svg viewBox="0 0 ${size} ${size}" role="img" aria-label=${this.label} shape-rendering="crispEdges">
      <rect width=${size} height=${size} fill="#fff"></rect>
      <path d=${path} fill="#000"></path>
    </svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-qr-code": QrCode;
  }
}
