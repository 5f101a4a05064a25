import type { ReactiveController, ReactiveControllerHost } from "lit";
import { CallClient, type CallState } from "../call/call-client.js";
import { dtlsCertificate } from "../security/dtls-certificate.js";
import type { AppServices } from "../services.js";

const JOINED_KEY = (callId: string) => `firecall:joined:${callId}`;

/**
 * The call session for the host element: owns the CallClient, re-renders the host on every
 * state change, joins again by itself after a reload, and leaves on pagehide.
 */
export class CallController implements ReactiveController {
  client: CallClient | null = null;
  state: CallState | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly onPageHide = () => this.client?.leaveOnUnload();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener("pagehide", this.onPageHide);
  }

  hostDisconnected(): void {
    window.removeEventListener("pagehide", this.onPageHide);
    void this.client?.hangUp();
    this.stop();
  }

  /** Prepares a call; joins at once if `autoJoin` or if this tab was in the call before a reload. */
  async open(
    services: AppServices,
    callId: string,
    local: Promise<MediaStream | null>,
    autoJoin: boolean,
  ): Promise<void> {
    this.stop();
    const client = new CallClient(
      {
        db: services.firebase.db,
        directory: services.directory,
        uid: services.uid,
        iceServers: services.config.iceServers,
        stunOff: services.config.stunOff,
        turnOff: services.config.turnOff,
        relayOnly: services.config.relayOnly,
        unloadLeave: services.unloadLeave,
        certificate: dtlsCertificate(),
      },
      callId,
    );
    this.client = client;
    exposeForDiagnostics(client);
    this.unsubscribe = client.subscribe((s) => {
      this.state = s;
      this.host.requestUpdate();
      // The server counted this page gone while it was still here: join afresh, as a reload would.
      if (s.phase === "resuming") queueMicrotask(() => void this.open(services, callId, local, true));
    });
    await client.prepare(local);
    if (client !== this.client) return;
    // Someone who waited in the lobby is let in when the call opens, without pressing Join.
    const rejoin = sessionStorage.getItem(JOINED_KEY(callId)) === "1";
    if (autoJoin || rejoin || client.waitedInLobby) await this.join();
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
    /** Read-only diagnostics for tests and benchmarks: the current call's peer connection. */
    __firecall?: { client: CallClient };
  }
}

function exposeForDiagnostics(client: CallClient): void {
  window.__firecall = { client };
}
