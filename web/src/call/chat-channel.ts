import type { ParticipantState } from "@firecall/model";
import type { ChatEntry } from "./call-state.js";
import { CHAT_MAX_LENGTH, parseChannelMessage, type ChannelMessage } from "./chat-protocol.js";
import { randomId } from "./sdp.js";

export interface ChatEvents {
  onOpen(open: boolean): void;
  onMessage(entry: ChatEntry): void;
  /** What the other person shows about themselves changed (name, microphone, camera, screen). */
  onParticipant(state: ParticipantState): void;
  /** The other person hung up (said before they went, so we know at once). */
  onBye(): void;
}

/**
 * The chat over the peer connection's data channel, and the goodbye that travels on it. A new
 * peer connection brings a new channel: `attach` moves over to it.
 */
export class ChatChannel {
  private channel: RTCDataChannel | null = null;

  constructor(private readonly events: ChatEvents) {}

  attach(channel: RTCDataChannel): void {
    this.detach();
    this.channel = channel;
    channel.onopen = () => this.events.onOpen(true);
    channel.onclose = () => this.events.onOpen(false);
    channel.onmessage = (e: MessageEvent) => this.receive(e.data);
  }

  detach(): void {
    if (!this.channel) return;
    this.channel.onopen = this.channel.onclose = this.channel.onmessage = null;
    this.channel = null;
    this.events.onOpen(false);
  }

  /** Sends a message; returns what was sent, or null when it cannot go (empty, too long, closed). */
  send(text: string): ChatEntry | null {
    const trimmed = text.trim();
    if (!trimmed || trimmed.length > CHAT_MAX_LENGTH || this.channel?.readyState !== "open") return null;
    const message = { type: "chat", id: randomId(), text: trimmed, sentAt: Date.now() } as const;
    this.channel.send(JSON.stringify(message));
    return { id: message.id, from: "me", text: trimmed, sentAt: message.sentAt };
  }

  sendBye(): void {
    this.post({ type: "bye" });
  }

  sendParticipant(state: ParticipantState): void {
    this.post({ type: "participant", ...state });
  }

  private post(message: ChannelMessage): void {
    if (this.channel?.readyState === "open") this.channel.send(JSON.stringify(message));
  }

  private receive(raw: unknown): void {
    const message = parseChannelMessage(raw);
    if (!message) return;
    if (message.type === "bye") this.events.onBye();
    else if (message.type === "participant") {
      const { type: _, ...state } = message;
      this.events.onParticipant(state);
    } else this.events.onMessage({ id: message.id, from: "them", text: message.text, sentAt: message.sentAt });
  }
}
