import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { chatParts } from "../format/chat-links.js";
import type { ChatEntry } from "../call/call-state.js";
import { CHAT_MAX_LENGTH } from "../call/chat-protocol.js";
import { emit } from "./events.js";
import { buttonStyles } from "./theme.js";
import { CHAT_STRINGS as S } from "../strings/panels.js";

/**
 * @summary Text chat beside the call; messages travel peer to peer over the data channel. Shows
 * names and local times, makes http(s) addresses links (nothing else), follows new messages
 * unless the person scrolled up, and keeps the typed text when it could not be sent.
 * @fires fc-send - the person sent a message (the listener sets `sent` to say whether it went)
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
        height: 100%;
        box-sizing: border-box;
      }
      .log {
        flex: 1;
        overflow-y: auto;
        min-height: 0;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        margin: 0.35rem 0;
        overflow-wrap: anywhere;
      }
      a {
        color: #93c5fd;
      }
      li.me {
        text-align: right;
      }
      .who {
        font-size: 0.75rem;
        color: #b8bec6;
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
  @property({ attribute: false }) names = { me: "You", them: "Them" };
  @query("input") private input!: HTMLInputElement;
  @query(".log") private list!: HTMLDivElement;
  private atBottom = true;

  private send(e: Event): void {
    e.preventDefault();
    const text = this.input.value.trim();
    if (!text || !this.open) return;
    const detail = { text, sent: false };
    emit(this, "fc-send", detail);
    // Not sent (the channel closed meanwhile): the text stays, to send again.
    if (detail.sent) this.input.value = "";
  }

  protected override willUpdate(): void {
    const l = this.list;
    this.atBottom = !l || l.scrollHeight - l.scrollTop - l.clientHeight < 40;
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has("messages") && this.atBottom) this.list.scrollTop = this.list.scrollHeight;
  }

  private time(ms: number): string {
    return new Intl.DateTimeFormat(undefined, { timeStyle: "short" }).format(ms);
  }

  override render() {
    // The log wraps the list: a list with a role of its own would lose its items' structure.
    return html`<div class="log" role="log" aria-label=${S.log} aria-live="polite">
        <ol>
          ${repeat(
            this.messages,
            (m) => m.id,
            (m) =>
              html`<li class=${m.from}>
                <span class="who">${this.names[m.from]} · <time>${this.time(m.sentAt)}</time></span
                >${chatParts(m.text).map((p) =>
                  "href" in p
                    ? html`<a href=${p.href} target="_blank" rel="noopener noreferrer">${p.text}</a>`
                    : p.text,
                )}
              </li>`,
          )}
        </ol>
      </div>
      <form @submit=${this.send}>
        <input
          aria-label=${S.input}
          maxlength=${CHAT_MAX_LENGTH}
          placeholder=${this.open ? S.placeholder : S.closedPlaceholder}
          ?disabled=${!this.open}
        />
        <button type="submit" ?disabled=${!this.open}>${S.send}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "fc-chat-panel": ChatPanel;
  }
}
