import { createHash, randomBytes } from "node:crypto";
import { newCallId, normalizeRoomName, roomIdFromDigest } from "../shared/call-id.js";
import { LIMITS } from "../shared/call-model.js";
import type { CallStore } from "./call-store.js";

/** A failure the caller caused; entry points map `code` to their transport's error. */
export class CallServiceError extends Error {
  constructor(
    readonly code: "invalid-argument" | "internal",
    message: string,
  ) {
    super(message);
  }
}

const MAX_ID_ATTEMPTS = 3;

/**
 * Creating calls. The callable functions (and later the REST API) go through here so every
 * path behaves the same.
 */
export class CallService {
  constructor(private readonly store: CallStore) {}

  /** A new call, created now, with the creator holding the first seat. */
  async createCall(creatorUid: string): Promise<{ id: string }> {
    for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      const id = newCallId((n) => randomBytes(n));
      const created = await this.store.createIfAbsent({
        id,
        kind: "call",
        createdBy: creatorUid,
        participants: [creatorUid],
      });
      if (created) return { id };
    }
    // 2^75 ids: reaching this means the random source is broken, not bad luck.
    throw new CallServiceError("internal", "Could not allocate a call id.");
  }

  /** The room for a name, created on first use. Seats go to the first two people who join. */
  async openRoom(uid: string, rawName: unknown): Promise<{ id: string; created: boolean }> {
    if (typeof rawName !== "string") throw new CallServiceError("invalid-argument", "Room name must be a string.");
    const name = normalizeRoomName(rawName);
    if (name === "") throw new CallServiceError("invalid-argument", "Room name must not be empty.");
    if (name.length > LIMITS.roomNameMaxLength) {
      throw new CallServiceError(
        "invalid-argument",
        `Room name must be at most ${LIMITS.roomNameMaxLength} characters.`,
      );
    }
    const id = roomIdFromDigest(createHash("sha256").update(name, "utf8").digest());
    const created = await this.store.createIfAbsent({ id, kind: "room", createdBy: uid, participants: [] });
    return { id, created };
  }
}
