import { randomBytes } from "node:crypto";
import { FirecallError } from "@firecall/model";
import type { ApiKeyStore, StoredApiKey } from "../store/api-key-store.js";
import { matchesHash, sha256Hex } from "./hashing.js";

/** A key is `fc_<keyId>_<secret>`: the id finds the record with one read, the secret proves it. */
const KEY_PATTERN = /^fc_([a-z0-9]{16})_([a-f0-9]{64})$/;
const APP_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
const RATE_WINDOW_MS = 60_000;

export interface CreatedApiKey {
  keyId: string;
  appId: string;
  /** Shown once: only its hash is stored. */
  apiKey: string;
}

export interface AuthenticatedKey {
  keyId: string;
  appId: string;
  readOnly: boolean;
  rateLimitPerMinute: number | null;
}

function randomId(length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  // 256 % 36 = 4: the first 252 byte values map evenly; the rest are drawn again.
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 252 && out.length < length) out += alphabet[byte % 36];
    }
  }
  return out;
}

/**
 * Creating, revoking and checking API keys, and each key's rate limit. The admin script
 * (scripts/api-key.mjs) and the tests create keys through here, the REST API checks them here.
 */
export class ApiKeyService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new key for the app `appName` (its id: lower case letters, digits and dashes). */
  async create(
    appName: string,
    options: { readOnly?: boolean; rateLimitPerMinute?: number } = {},
  ): Promise<CreatedApiKey> {
    const appId = appName.trim().toLowerCase();
    if (!APP_ID_PATTERN.test(appId)) {
      throw new FirecallError("invalid_app_name", "The app name is 1-40 lower-case letters, digits and dashes.");
    }
    const keyId = randomId(16);
    const apiKey = `fc_${keyId}_${randomBytes(32).toString("hex")}`;
    await this.store.create({
      keyId,
      appId,
      name: appName.trim(),
      hash: sha256Hex(apiKey),
      readOnly: options.readOnly === true,
      rateLimitPerMinute: options.rateLimitPerMinute ?? null,
    });
    return { keyId, appId, apiKey };
  }

  revoke(keyId: string): Promise<boolean> {
    return this.store.revoke(keyId, this.now());
  }

  /** Every key's record (never a secret: only hashes are stored). */
  async list(): Promise<Omit<StoredApiKey, "hash">[]> {
    return (await this.store.list()).map(({ hash: _hash, ...rest }) => rest);
  }

  /** The key's app, or a refusal (missing_api_key, invalid_api_key, revoked_api_key) saying why. One document read. */
  async authenticate(authorization: string | undefined): Promise<AuthenticatedKey> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!bearer) throw new FirecallError("missing_api_key", "Send the API key as Authorization: Bearer <key>.");
    const key = bearer[1]!;
    const parsed = KEY_PATTERN.exec(key);
    if (!parsed) throw new FirecallError("invalid_api_key", "The API key is not valid.");
    const stored = await this.store.get(parsed[1]!);
    if (!stored || !matchesHash(key, stored.hash)) {
      throw new FirecallError("invalid_api_key", "The API key is not valid.");
    }
    if (stored.revokedAtMs !== null) throw new FirecallError("revoked_api_key", "The API key was revoked.");
    return {
      keyId: stored.keyId,
      appId: stored.appId,
      readOnly: stored.readOnly,
      rateLimitPerMinute: stored.rateLimitPerMinute,
    };
  }

  /**
   * Counts a request against the key's per-minute budget (fixed window). Returns null when it may
   * go ahead, else the seconds until the window ends (for Retry-After).
   */
  async throttle(keyId: string, limit: number): Promise<number | null> {
    const nowMs = this.now();
    const windowStart = nowMs - (nowMs % RATE_WINDOW_MS);
    const count = await this.store.countRequest(keyId, windowStart, RATE_WINDOW_MS, limit);
    return count === null ? Math.max(1, Math.ceil((windowStart + RATE_WINDOW_MS - nowMs) / 1000)) : null;
  }
}
