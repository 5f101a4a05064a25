import type { CallDirectory } from "./call-directory.js";
import { chooseIceServers } from "./ice-servers.js";

export interface IceOptions {
  /** STUN used when the getIceServers function cannot be reached. */
  fallback: RTCIceServer[];
  stunOff: boolean;
  turnOff: boolean;
  relayOnly: boolean;
  /** This browser's lasting DTLS certificate (see security/dtls-certificate.ts); null: the browser's own. */
  certificate?: Promise<RTCCertificate | null>;
}

/** The peer connections' configuration: ICE servers from getIceServers, renewed before they expire. */
export class IceConfig {
  private servers: RTCIceServer[];
  /** Unix seconds when the TURN credential expires. */
  private expiresAt: number | null = null;
  private certificate: RTCCertificate | null = null;

  constructor(
    private readonly directory: CallDirectory,
    private readonly callId: string,
    private readonly options: IceOptions,
  ) {
    this.servers = chooseIceServers(null, options.fallback, options);
  }

  get rtc(): RTCConfiguration {
    const certificates = this.certificate ? [this.certificate] : undefined;
    // The certificate must be in every configuration: setConfiguration() without the one the
    // connection was made with throws InvalidModificationError (Chromium).
    return { iceServers: this.servers, iceTransportPolicy: this.options.relayOnly ? "relay" : "all", certificates };
  }

  /**
   * Asks the functions for ICE servers (needs the seat); on failure keeps the configured STUN.
   * The certificate started loading when the page opened; without one the browser makes its own.
   */
  async load(): Promise<void> {
    const certificate = this.options.certificate?.catch(() => null);
    this.certificate = (await certificate) ?? null;
    try {
      const result = await this.directory.iceServers(this.callId);
      this.servers = chooseIceServers(result.iceServers, this.options.fallback, this.options);
      this.expiresAt = result.expiresAt;
    } catch (err) {
      console.warn("no relay servers, using STUN only:", err);
    }
  }

  /** Renews a credential that expires within a minute; true when the configuration changed. */
  async renewIfExpiring(): Promise<boolean> {
    if (this.expiresAt === null || this.expiresAt * 1000 >= Date.now() + 60_000) return false;
    await this.load();
    return true;
  }
}
