import type { CallDoc, SignalDoc, TimestampLike } from "@firecall/model";
import type { CallDirectory } from "./call-directory.js";
import type { CallProblem } from "./call-errors.js";
import { CallHealth } from "./call-health.js";
import type { CallStateStore } from "./call-state.js";
import { ChatChannel } from "./chat-channel.js";
import { IceConfig, type IceOptions } from "./ice-config.js";
import { ParticipantSync } from "./participant-sync.js";
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
  participant: ParticipantSync;
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
    onOpen: (open) => {
      store.set({ chatOpen: open });
      if (open) parts.participant.channelOpened();
    },
    onMessage: (entry) => store.set({ messages: [...store.snapshot.messages, entry] }),
    onParticipant: (state) => parts.participant.receive(state),
    onBye: () => parts.remote.bye(),
  });
  parts.participant = new ParticipantSync(writer, parts.chat, store);
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
    onParticipant: (state) => parts.participant.receive(state),
  });
  return parts;
}

export interface CallListeners {
  onCall(call: CallDoc | null): void;
  onOwn(own: SignalDoc | null, confirmed: boolean): void;
  /** A listener failed after it had delivered its first snapshot. */
  onLaterError(err: unknown): void;
}

/**
 * Starts the listeners on the call and both signals documents; resolves with the first snapshot
 * of the other side's (rejects if that never comes). Their document goes to the remote follower.
 */
export function listenToCall(parts: CallParts, listeners: CallListeners): Promise<void> {
  return new Promise((resolve, reject) => {
    let first = true;
    parts.signaling.listen({
      onCall: listeners.onCall,
      onSource: (fromCache) => parts.health.source(fromCache),
      onOwn: listeners.onOwn,
      onRemote: (remote, uid) => {
        parts.remote.receive(remote, uid, first);
        if (first) resolve();
        first = false;
      },
      onError: (err) => (first ? reject(err) : listeners.onLaterError(err)),
    });
  });
}

/** What the parts believe, for a test that failed (see CallClient.diagnostics). */
export function describeParts(parts: CallParts): Record<string, unknown> {
  const pc = parts.peer.pc;
  const local = parts.writer.current;
  return {
    joined: parts.peer.joined,
    polite: parts.peer.polite,
    ...parts.health.describe(),
    ...parts.remote.describe(),
    pc: pc && { sig: pc.signalingState, conn: pc.connectionState, ice: pc.iceConnectionState },
    local: { type: local.description?.type, seq: local.description?.seq, target: local.target },
    participant: parts.participant.current,
  };
}
