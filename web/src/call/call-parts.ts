import type { TimestampLike } from "../../../functions/src/shared/call-model.js";
import type { CallDirectory } from "./call-directory.js";
import type { CallProblem } from "./call-errors.js";
import { CallHealth } from "./call-health.js";
import type { CallStateStore } from "./call-state.js";
import { ChatChannel } from "./chat-channel.js";
import { IceConfig, type IceOptions } from "./ice-config.js";
import { PeerSession } from "./peer-session.js";
import { Presence } from "./presence.js";
import { RemoteFollower } from "./remote-follower.js";
import { SignalWriter } from "./signal-writer.js";
import { FirestoreSignaling } from "./signaling.js";
import type { UnloadLeave } from "./unload-leave.js";
import type { Firestore } from "firebase/firestore";

export interface CallClientDeps extends IceOptions {
  db: Firestore;
  directory: CallDirectory;
  uid: string;
  /** How often the page writes its heartbeat (see presence.ts). */
  heartbeatMs: number;
  /** Sends the leave on pagehide in a way that outlives the page. */
  unloadLeave?: UnloadLeave;
  /** How long candidates wait to be written together. */
  candidateDelayMs?: number;
}

/** What the parts need from the call they belong to. */
export interface CallHooks {
  onFailure(err: unknown): void;
  onStalled(problem: Extract<CallProblem, "relay" | "unreachable">, everConnected: boolean): void;
  mark(name: string): void;
  ownJoinedAt(): TimestampLike | null;
  disposed(): boolean;
}

export interface CallParts {
  signaling: FirestoreSignaling;
  writer: SignalWriter;
  presence: Presence;
  chat: ChatChannel;
  health: CallHealth;
  ice: IceConfig;
  peer: PeerSession;
  remote: RemoteFollower;
}

/** Builds one page session's parts and connects them to each other. */
export function wireCall(
  deps: CallClientDeps,
  callId: string,
  session: string,
  store: CallStateStore,
  hooks: CallHooks,
): CallParts {
  const signaling = new FirestoreSignaling(deps.db, callId, deps.uid, session);
  // A denied write usually means the call just ended: say that, not "not allowed".
  const writer = new SignalWriter(signaling, {
    candidateDelayMs: deps.candidateDelayMs ?? 40,
    onError: hooks.onFailure,
  });
  const parts = { signaling, writer } as CallParts;
  parts.presence = new Presence(signaling, {
    callId,
    uid: deps.uid,
    session,
    heartbeatMs: deps.heartbeatMs,
    unloadLeave: deps.unloadLeave,
    onTick: (now) => parts.health.tick(now),
    linkDownSince: () => parts.health.linkDownSince,
    onError: hooks.onFailure,
  });
  parts.chat = new ChatChannel({
    onOpen: (open) => store.set({ chatOpen: open }),
    onMessage: (entry) => store.set({ messages: [...store.snapshot.messages, entry] }),
    onBye: () => parts.remote.bye(),
  });
  parts.health = new CallHealth(store, {
    joined: () => parts.peer.joined,
    everConnected: () => parts.peer.everConnected,
    onReachable: () => parts.peer.restartNow(),
    onAwake: () => parts.presence.beat(),
  });
  parts.ice = new IceConfig(deps.directory, callId, deps);
  parts.peer = new PeerSession(writer, parts.ice, deps.relayOnly, {
    onLink: (state) => parts.health.setLink(state),
    onRemoteStream: (remoteStream) => store.set({ remoteStream }),
    onChannel: (channel) => parts.chat.attach(channel),
    onStalled: hooks.onStalled,
    // The offering (impolite) side restarts, and only towards someone who is there.
    mayRestart: () => !parts.peer.polite && parts.health.otherHere && parts.health.online,
    mark: hooks.mark,
  });
  parts.remote = new RemoteFollower(parts.peer, parts.health, {
    session,
    uid: deps.uid,
    joinedAt: hooks.ownJoinedAt,
    disposed: hooks.disposed,
  });
  return parts;
}
