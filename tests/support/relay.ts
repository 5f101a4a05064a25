import { createHmac } from "node:crypto";
import { relayPortRange, startCoturn, type Coturn } from "../../scripts/local-turn.mjs";

/**
 * The test run's relay settings: scripts/with-emulators.mjs pointed the emulated getIceServers at
 * turn:127.0.0.1:FIRECALL_TURN_PORT with FIRECALL_TURN_SECRET; tests start coturn there themselves
 * (and may stop it to break the path). Both are unset when coturn is not installed.
 */
export const TURN_SECRET = process.env.FIRECALL_TURN_SECRET ?? "";
export const TURN_PORT = Number(process.env.FIRECALL_TURN_PORT ?? 0);

export function relayConfigured(): boolean {
  return TURN_SECRET !== "" && TURN_PORT > 0;
}

/** Starts coturn on the run's port and secret; `listen` and `allowedPeers` default to loopback. */
export function startRelay(
  listen: string[] = ["127.0.0.1"],
  allowedPeers: string[] = ["127.0.0.0-127.255.255.255"],
): Promise<Coturn> {
  return startCoturn({
    listen,
    port: TURN_PORT,
    secret: TURN_SECRET,
    ...relayPortRange(TURN_PORT),
    allowLoopback: listen.includes("127.0.0.1"),
    allowedPeers,
  });
}

/** A TURN REST credential signed with the run's secret, expiring at `expiresAt` (unix seconds). */
export function credentialExpiringAt(uid: string, expiresAt: number): { username: string; credential: string } {
  const username = `${expiresAt}:${uid}`;
  return { username, credential: createHmac("sha1", TURN_SECRET).update(username).digest("base64") };
}
