import { createHash } from "node:crypto";
import type { ApiKeyStore } from "./api-key-store.js";

export interface AuthFailureSettings {
  /** Failed API keys one client address may send per window before it is refused. */
  failuresPerWindow: number;
  windowMs: number;
}

/** How many throttled addresses one instance remembers (a flood of addresses cannot grow it further). */
const MAX_REMEMBERED = 10_000;

/**
 * Throttles wrong API keys per client address. Each failure is counted in Firestore (shared by
 * every instance, a fixed window, in `rateLimits` like the per-key limits); once an address is over
 * the limit this instance remembers it until the window ends and refuses it without any read.
 */
export class AuthFailureThrottle {
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly store: ApiKeyStore,
    private readonly settings: AuthFailureSettings,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds `subject` must wait, when this instance already knows it is throttled (no read). */
  retryAfter(subject: string): number | null {
    const until = this.blockedUntil.get(subject);
    if (until === undefined) return null;
    const left = until - this.now();
    if (left <= 0) {
      this.blockedUntil.delete(subject);
      return null;
    }
    return Math.max(1, Math.ceil(left / 1000));
  }

  /** Counts one failed key from `subject`; returns the seconds to wait when this one is over the limit. */
  async recordFailure(subject: string): Promise<number | null> {
    const nowMs = this.now();
    const { windowMs, failuresPerWindow } = this.settings;
    const windowStart = nowMs - (nowMs % windowMs);
    const counter = `auth-${createHash("sha256").update(subject).digest("hex").slice(0, 32)}`;
    const count = await this.store.countRequest(counter, windowStart, windowMs, failuresPerWindow);
    if (count !== null) return null;
    this.remember(subject, windowStart + windowMs, nowMs);
    return this.retryAfter(subject);
  }

  private remember(subject: string, until: number, nowMs: number): void {
    if (this.blockedUntil.size >= MAX_REMEMBERED) {
      for (const [s, u] of this.blockedUntil) if (u <= nowMs) this.blockedUntil.delete(s);
      // Still full: forget the oldest; it costs that address one more read, nothing else.
      const oldest = this.blockedUntil.keys().next();
      if (this.blockedUntil.size >= MAX_REMEMBERED && !oldest.done) this.blockedUntil.delete(oldest.value);
    }
    this.blockedUntil.set(subject, until);
  }
}
