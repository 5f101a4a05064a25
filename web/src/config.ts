import type { FirebaseOptions } from "firebase/app";
import { HEARTBEAT_INTERVAL_MS, PRESENCE_STALE_MS } from "@firecall/model";

/**
 * Runtime configuration from Vite env variables (see .env.example at the repository root). With no Firebase config given,
 * the app runs against the local Emulator Suite under a demo project, which needs no account.
 */
export interface AppConfig {
  firebase: FirebaseOptions;
  /** Host of the Emulator Suite, or null for a real project. */
  emulatorHost: string | null;
  /** Emulator ports (firebase.json's, unless VITE_EMULATOR_PORTS says `auth:9099,firestore:8080,functions:5001`). */
  emulatorPorts: EmulatorPorts;
  /** STUN to use when the getIceServers function cannot be reached. */
  iceServers: RTCIceServer[];
  /** `?stun=none`: leave out every STUN server, also those the functions hand out. */
  stunOff: boolean;
  /** `?turn=none`: leave out the TURN relay, to see whether a network needs it. */
  turnOff: boolean;
  /** `?relay=1` (or VITE_ICE_RELAY_ONLY=1): send everything through the TURN relay, for diagnosis. */
  relayOnly: boolean;
  functionsRegion: string;
  /**
   * How often a joined page writes its heartbeat: the same share of the server's staleness limit
   * as HEARTBEAT_INTERVAL_MS is of PRESENCE_STALE_MS. A deployment (or a test) that shortens the
   * limit sets VITE_PRESENCE_STALE_SECONDS to the same value as the sweep's.
   */
  heartbeatMs: number;
}

export interface EmulatorPorts {
  auth: number;
  firestore: number;
  functions: number;
}

const DEFAULT_PORTS: EmulatorPorts = { auth: 9099, firestore: 8080, functions: 5001 };

function parsePorts(raw: string | undefined): EmulatorPorts {
  const ports = { ...DEFAULT_PORTS };
  for (const entry of (raw ?? "").split(",")) {
    const [name, value] = entry.split(":");
    if (name && value && name in ports) ports[name as keyof EmulatorPorts] = Number(value);
  }
  return ports;
}

const DEFAULT_STUN: RTCIceServer[] = [{ urls: "stun:stun.l.google.com:19302" }];

function parseIceServers(raw: string | undefined, search: URLSearchParams): RTCIceServer[] {
  // `?stun=none` (or VITE_STUN_URLS=none) turns STUN off: not needed when both peers share a host.
  const fromQuery = search.get("stun");
  const value = fromQuery ?? raw;
  if (value === undefined || value === "") return DEFAULT_STUN;
  if (value === "none") return [];
  return [{ urls: value.split(",").map((u) => u.trim()) }];
}

function heartbeatFor(staleSeconds: string | undefined): number {
  const staleMs = Number(staleSeconds) * 1000;
  if (!Number.isFinite(staleMs) || staleMs <= 0) return HEARTBEAT_INTERVAL_MS;
  return Math.min(HEARTBEAT_INTERVAL_MS, Math.round((staleMs * HEARTBEAT_INTERVAL_MS) / PRESENCE_STALE_MS));
}

export function loadConfig(
  env: ImportMetaEnv = import.meta.env,
  search = new URLSearchParams(location.search),
): AppConfig {
  const raw = env.VITE_FIREBASE_CONFIG as string | undefined;
  const iceServers = parseIceServers(env.VITE_STUN_URLS as string | undefined, search);
  const functionsRegion = (env.VITE_FUNCTIONS_REGION as string | undefined) ?? "us-central1";
  const stunOff = (search.get("stun") ?? (env.VITE_STUN_URLS as string | undefined)) === "none";
  const turnOff = search.get("turn") === "none";
  const relayFlag = search.get("relay") ?? (env.VITE_ICE_RELAY_ONLY as string | undefined) ?? "";
  const relayOnly = relayFlag === "1" || relayFlag === "true";
  const heartbeatMs = heartbeatFor(env.VITE_PRESENCE_STALE_SECONDS as string | undefined);
  const common = { iceServers, stunOff, turnOff, relayOnly, functionsRegion, heartbeatMs };
  if (raw) {
    return {
      firebase: JSON.parse(raw) as FirebaseOptions,
      emulatorHost: null,
      emulatorPorts: DEFAULT_PORTS,
      ...common,
    };
  }
  const projectId = (env.VITE_DEMO_PROJECT_ID as string | undefined) ?? "demo-firecall";
  return {
    firebase: { projectId, apiKey: "demo-api-key", authDomain: `${projectId}.firebaseapp.com`, appId: "demo-app" },
    emulatorHost: (env.VITE_EMULATOR_HOST as string | undefined) ?? "127.0.0.1",
    emulatorPorts: parsePorts(env.VITE_EMULATOR_PORTS as string | undefined),
    ...common,
  };
}
