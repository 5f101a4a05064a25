// A real coturn for the local stack and the tests, and the emulated functions' TURN settings.
//
// coturn runs with the TURN REST-API shared secret (`use-auth-secret`), the scheme getIceServers
// mints credentials for. `allow-loopback-peers` is set only here: a deployed coturn must refuse
// loopback peers, or any client could reach services on the TURN host through the relay.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { TURNSERVER } from "./system-check.mjs";

export { TURNSERVER };
const functionsDir = join(dirname(fileURLToPath(import.meta.url)), "..", "functions");

export function turnserverInstalled() {
  return existsSync(TURNSERVER);
}

export function newTurnSecret() {
  return randomBytes(24).toString("hex");
}

/** A free UDP port on `host`, as the kernel hands it out. */
export function freeUdpPort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Sends one STUN Binding request; resolves true when a Binding success response comes back. */
export function stunPing(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const request = Buffer.alloc(20);
    request.writeUInt16BE(0x0001, 0); // Binding request, no attributes
    request.writeUInt32BE(0x2112a442, 4); // magic cookie
    randomBytes(12).copy(request, 8);
    const done = (ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on("error", () => done(false));
    socket.on("message", (msg) =>
      done(msg.length >= 20 && msg.readUInt16BE(0) === 0x0101 && msg.subarray(8, 20).equals(request.subarray(8, 20))),
    );
    socket.send(request, port, host);
  });
}

/**
 * Starts coturn and waits until it answers STUN on every listening address (at most ~10 s).
 * Options: listen (addresses), port, secret, minPort/maxPort (relay range), allowLoopback, and
 * allowedPeers (address ranges the relay may send to; everything else is denied).
 * Returns { pid, port, stop() }; stop() is idempotent and waits for the process to exit.
 */
export async function startCoturn({
  listen = ["127.0.0.1"],
  port,
  secret,
  minPort,
  maxPort,
  allowLoopback = false,
  allowedPeers = [],
}) {
  const dir = mkdtempSync(join(tmpdir(), "firecall-coturn-"));
  const args = [
    "-n", // no config file: everything is on this command line
    ...listen.flatMap((ip) => ["--listening-ip", ip]),
    "--listening-port",
    String(port),
    "--min-port",
    String(minPort),
    "--max-port",
    String(maxPort),
    "--use-auth-secret",
    "--static-auth-secret",
    secret,
    "--realm",
    "firecall.local",
    "--fingerprint",
    "--no-tcp",
    "--no-tls",
    "--no-dtls",
    "--no-tcp-relay",
    "--no-cli",
    "--no-multicast-peers",
    "--userdb",
    join(dir, "turndb"),
    "--pidfile",
    join(dir, "turnserver.pid"),
    "--log-file",
    join(dir, "turn.log"),
    "--simple-log",
    "--no-stdout-log",
  ];
  if (allowLoopback) args.push("--allow-loopback-peers");
  if (allowedPeers.length > 0) {
    args.push("--denied-peer-ip=0.0.0.0-255.255.255.255");
    for (const range of allowedPeers) args.push(`--allowed-peer-ip=${range}`);
  }
  const child = spawn(TURNSERVER, args, { stdio: "ignore" });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const logFile = join(dir, "turn.log");
  for (let attempt = 0; attempt < 40; attempt++) {
    if (child.exitCode !== null) break;
    const answers = await Promise.all(listen.map((ip) => stunPing(ip, port, 250)));
    if (answers.every(Boolean)) return { pid: child.pid, port, logFile, stop };
  }
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
  await stop();
  throw new Error(`coturn did not answer on ${listen.join(", ")}:${port}\n${log}`);
}

/** Sets `values` in a dotenv file, keeping the other lines the developer put there. */
function setDotenv(file, values) {
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
  const kept = lines.filter((line) => line.trim() !== "" && !Object.keys(values).some((k) => line.startsWith(`${k}=`)));
  writeFileSync(file, [...kept, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)].join("\n") + "\n");
}

/**
 * Points the emulated functions at a local coturn: functions/.env.local (only the emulator reads
 * it) and functions/.secret.local (the emulator's stand-in for Secret Manager). Both are ignored
 * by git. Without `turn`, the functions hand out no TURN (and keep their default STUN).
 */
export function writeEmulatorTurnConfig(turn) {
  setDotenv(join(functionsDir, ".env.local"), {
    STUN_URLS: turn ? `stun:${turn.host}:${turn.port}` : "stun:stun.l.google.com:19302",
    TURN_URLS: turn ? `turn:${turn.host}:${turn.port}?transport=udp` : "",
  });
  // Always a value: with none, the emulator would ask Google's Secret Manager for one.
  setDotenv(join(functionsDir, ".secret.local"), { TURN_SECRET: turn?.secret ?? newTurnSecret() });
}

/**
 * The local stack's relay on 127.0.0.1:`port` (0: a free port) with a fresh secret, and the
 * emulated functions pointed at it. With `start`, coturn is started here (`npm start`); without,
 * only the settings are made and the tests start (and stop, and break) coturn themselves on that
 * port, reading FIRECALL_TURN_SECRET and FIRECALL_TURN_PORT from `env`. Without coturn installed
 * the functions hand out STUN only. Returns `env` for the processes that run beside it and `stop()`.
 */
export async function localTurn(port = 0, { start = false } = {}) {
  if (!turnserverInstalled() || process.env.FIRECALL_TURN === "off") {
    console.log("coturn (turnserver) not found: calls use STUN only (install the coturn package for a relay).");
    writeEmulatorTurnConfig(null);
    return { env: {}, stop: async () => {} };
  }
  const secret = newTurnSecret();
  const turnPort = port || (await freeUdpPort());
  writeEmulatorTurnConfig({ host: "127.0.0.1", port: turnPort, secret });
  const env = { FIRECALL_TURN_SECRET: secret, FIRECALL_TURN_PORT: String(turnPort) };
  if (!start) return { env, stop: async () => {} };
  const coturn = await startCoturn({
    listen: ["127.0.0.1"],
    port: turnPort,
    secret,
    ...relayPortRange(turnPort),
    allowLoopback: true,
    allowedPeers: ["127.0.0.0-127.255.255.255"],
  });
  console.log(`coturn relay on 127.0.0.1:${turnPort} (log ${coturn.logFile})`);
  return { env, stop: () => coturn.stop() };
}

/** Relay ports right beside the listening port, so two stacks rarely overlap (coturn skips taken ports). */
export function relayPortRange(turnPort) {
  const minPort = turnPort <= 65_335 - 200 ? turnPort + 1 : turnPort - 200;
  return { minPort, maxPort: minPort + 199 };
}
