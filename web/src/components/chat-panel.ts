import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type { ChatEntry } from "../call/call-state.js";
import { CHAT_MAX_LENGTH } from "../call/chat-protocol.js";
import { emit } from "./events.js";
import { buttonStyles } from "./theme.js";

/**
 * @summary Text chat beside the call; messages travel peer to peer over the data channel.
 * @fires fc-send - the person sent a message
 */
@customElement("fc-chat-panel")
export class ChatPanel extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
        background: var(--fc-surface, #1a1f25);
        border-radius: 0.75rem;
        padding: 0.75rem;
        min-height: 12rem;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        flex: 1;
        overflow-y: auto;
        max-height: 40vh;
      }
      li {
        margin: 0.25rem 0;
      }
      li.me {
        text-align: right;
      }
      .who {
        font-size: 0.75rem;
        opacity: 0.7;
        display: block;
      }
      form {
        display: flex;
        gap: 0.5rem;
      }
      input {
        flex: 1;
      }
    `,
  ];

  @property({ attribute: false }) messages: ChatEntry[] = [];
  @property({ type: Boolean }) open = false;
  @query("input") private input!: HTMLInputElement;

  private send(e: Event): void {
    e.preventDefault();
    const text = this.input.value.trim();
    if (!text || !this.open) return;
    emit(this, "fc-send", { text });
    this.input.value = "";
  }

  override render() {
    return html`<ol role="log" aria-label="Chat messages" aria-live="polite">
        ${repeat(
          this.messages,
          (m) => m.id,
          (m) => html`<li class=${m.from}><span class="who">${m.from === "me" ? "You" : "Them"}</span>${m.text}</li>`,
        )}
      </ol>
      <form @submit=${this.send}>
        <input
          aria-label="Message"
          maxlength=${CHAT_MAX_LENGTH}
          placeholder=${this.open ? "Write a message" : "Chat opens when connected"}
          ?disabled=${!this.open}
        />
        <button type="submit" ?disabled=${!this.open}>Send</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-chat-panel": ChatPanel;
  }
}
