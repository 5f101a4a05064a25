import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The one SHA-256 of the functions, as hex of the UTF-8 text: how API keys, host-link keys,
 * Idempotency-Keys and request bodies are stored, and what deterministic ids are derived from.
 */
export function sha256Hex(text: string): string {
  return sha256(text).toString("hex");
}

/** The SHA-256 of the UTF-8 text, as bytes (a room's id is drawn from them). */
export function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Whether `text` hashes to `storedHex`, compared in constant time so timing tells nothing. */
export function matchesHash(text: string, storedHex: string | null | undefined): boolean {
  const given = Buffer.from(sha256Hex(text), "hex");
  const stored = Buffer.from(storedHex ?? "", "hex");
  return stored.length === given.length && timingSafeEqual(stored, given);
}
