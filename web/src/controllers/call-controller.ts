import type { ReactiveController, ReactiveControllerHost } from "lit";
import type { ParticipantState } from "@firecall/model";
import { CallClient, type CallState, type MediaKind } from "../call/call-client.js";
import type { OutgoingTracks } from "../call/peer.js";
import { dtlsCertificate } from "../security/dtls-certificate.js";
import { appServices, type AppServices } from "../services.js";

const JOINED_KEY = (callId: string) => `firecall:joined:${callId}`;

/** What the page gives the call: its media, and what the other person may see about us. */
export interface LocalSide {
  /** Starts camera and microphone; called once the call may be entered (never in a lobby). */
  startMedia(): Promise<void>;
  /** The tracks to send now (the camera, or the shared screen; none while off). */
  outgoing(): OutgoingTracks;
  participant(): ParticipantState;
}

/**
 * The call session for the host element: gets the app's services, owns the CallClient,
 * re-renders the host on every state change, joins again by itself after a reload (or when the
 * server counted this page gone), and leaves on pagehide. Before every render it hands the call
 * what changed on our side (tracks to send, our state), so devices, toggles and screen sharing
 * reach the other person. The element never calls services itself.
 */
export class CallController implements ReactiveController {
  client: CallClient | null = null;
  state: CallState | null = null;
  /** Joining again after the server counted this page gone: the page says "Reconnecting…". */
  resuming = false;
  private unsubscribe: (() => void) | null = null;
  private readonly onPageHide = () => this.client?.leaveOnUnload();
  /** What the current client was last given, so only changes are passed on. */
  private sent: { client: CallClient | null; tracks: Partial<OutgoingTracks>; participant: string } = {
    client: null,
    tracks: {},
    participant: "",
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly local: LocalSide,
    private readonly services: () => Promise<AppServices> = appServices,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener("pagehide", this.onPageHide);
  }

  hostUpdate(): void {
    this.sync();
  }

  /** Hands the client our current tracks and state, where they changed since the last time. */
  private sync(): void {
    const client = this.client;
    if (!client) return;
    if (this.sent.client !== client) this.sent = { client, tracks: {}, participant: "" };
    const tracks = this.local.outgoing();
    for (const kind of ["audio", "video"] as MediaKind[]) {
      if (this.sent.tracks[kind] === tracks[kind]) continue;
      this.sent.tracks[kind] = tracks[kind];
      client.setOutgoing(kind, tracks[kind]).catch((err: unknown) => console.warn("could not send the track:", err));
    }
    const participant = this.local.participant();
    const key = JSON.stringify(participant);
    if (key !== this.sent.participant) {
      this.sent.participant = key;
      client.setParticipant(participant);
    }
  }

  hostDisconnected(): void {
    window.removeEventListener("pagehide", this.onPageHide);
    void this.client?.hangUp();
    this.stop();
  }

  /**
   * Opens a call: a host link's key (?host=…, from the REST API) is presented first and leaves
   * the URL; then the call is prepared, and joined at once if `autoJoin` or if this tab was in it
   * before a reload.
   */
  async open(callId: string, autoJoin: boolean): Promise<void> {
    const services = await this.services();
    await this.claimHostLink(services, callId);
    await this.prepare(services, callId, autoJoin);
  }

  private async prepare(services: AppServices, callId: string, autoJoin: boolean): Promise<void> {
    this.stop();
    const { config } = services;
    const client = new CallClient(
      {
        db: services.firebase.db,
        directory: services.directory,
        uid: services.uid,
        fallback: config.iceServers,
        stunOff: config.stunOff,
        turnOff: config.turnOff,
        relayOnly: config.relayOnly,
        heartbeatMs: config.heartbeatMs,
        unloadLeave: services.unloadLeave,
        certificate: dtlsCertificate(),
      },
      callId,
    );
    this.client = client;
    exposeForDiagnostics(client);
    this.unsubscribe = client.subscribe((s) => {
      this.state = s;
      if (s.phase === "connected" || s.phase === "waiting" || s.phase === "error" || s.phase === "ended")
        this.resuming = false;
      this.host.requestUpdate();
      // The server counted this page gone while it was still here: join afresh, as a reload would.
      if (s.phase === "resuming") {
        this.resuming = true;
        queueMicrotask(() => void this.prepare(services, callId, true));
      }
    });
    await client.prepare(async () => {
      await this.local.startMedia();
      if (client === this.client) this.sync();
    });
    if (client !== this.client) return;
    // Someone who waited in the lobby is let in when the call opens, without pressing Join.
    const rejoin = sessionStorage.getItem(JOINED_KEY(callId)) === "1";
    if (autoJoin || rejoin || client.waitedInLobby) await this.join();
  }

  private async claimHostLink(services: AppServices, callId: string): Promise<void> {
    const url = new URL(location.href);
    const hostKey = url.searchParams.get("host");
    if (!hostKey) return;
    url.searchParams.delete("host");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    await services.directory.claimHost(callId, hostKey).catch((err: unknown) => {
      console.warn("the host link was not accepted:", err);
    });
  }

  async join(): Promise<void> {
    const client = this.client;
    if (!client) return;
    await client.join();
    if (client.snapshot.phase !== "error") sessionStorage.setItem(JOINED_KEY(client.callId), "1");
  }

  async hangUp(): Promise<void> {
    const client = this.client;
    if (!client) return;
    sessionStorage.removeItem(JOINED_KEY(client.callId));
    await client.hangUp();
  }

  /** Ends the call for everyone (the creator's button). */
  async endForEveryone(): Promise<void> {
    const client = this.client;
    if (!client) return;
    sessionStorage.removeItem(JOINED_KEY(client.callId));
    await client.endForEveryone();
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.client?.dispose();
    this.client = null;
    this.state = null;
  }
}

declare global {
  interface Window {
    /** Read-only diagnostics for tests and benchmarks: the current call's client (marks, snapshot, peer connection). */
    __firecall?: { client: CallClient };
  }
}

function exposeForDiagnostics(client: CallClient): void {
  window.__firecall = { client };
}
