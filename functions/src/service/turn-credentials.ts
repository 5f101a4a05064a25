import { createHmac } from "node:crypto";

/** One entry of RTCConfiguration.iceServers, as the web app passes it to RTCPeerConnection. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceConfig {
  stunUrls: string[];
  turnUrls: string[];
  /** coturn's `static-auth-secret`; empty means TURN is not configured. */
  turnSecret: string;
  ttlSeconds: number;
}

export interface IceServersResult {
  iceServers: IceServer[];
  /** Unix seconds when the TURN credential stops working; null without TURN. */
  expiresAt: number | null;
}

/**
 * coturn's REST-API credential (`use-auth-secret`): the username is `<expiry unix seconds>:<uid>`,
 * the password is base64(HMAC-SHA1(secret, username)). coturn recomputes it and refuses it once the
 * expiry has passed, so nothing has to be stored or revoked.
 */
export function turnCredential(
  secret: string,
  uid: string,
  nowSeconds: number,
  ttlSeconds: number,
): { username: string; credential: string; expiresAt: number } {
  const expiresAt = Math.floor(nowSeconds) + Math.max(1, Math.floor(ttlSeconds));
  const username = `${expiresAt}:${uid}`;
  const credential = createHmac("sha1", secret).update(username, "utf8").digest("base64");
  return { username, credential, expiresAt };
}

/** Splits a comma-separated list of URLs, dropping blanks. */
export function parseUrlList(raw: string): string[] {
  return raw
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "");
}

/** The ICE servers for one person: STUN as configured, TURN only when both URLs and secret are set. */
export function iceServersFor(config: IceConfig, uid: string, nowSeconds: number): IceServersResult {
  const iceServers: IceServer[] = [];
  if (config.stunUrls.length > 0) iceServers.push({ urls: config.stunUrls });
  if (config.turnUrls.length === 0 || config.turnSecret === "") return { iceServers, expiresAt: null };
  const { username, credential, expiresAt } = turnCredential(config.turnSecret, uid, nowSeconds, config.ttlSeconds);
  iceServers.push({ urls: config.turnUrls, username, credential });
  return { iceServers, expiresAt };
}
