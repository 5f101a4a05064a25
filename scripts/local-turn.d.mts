// Types for local-turn.mjs, which the TypeScript tests and benchmark import.
export interface Coturn {
  pid: number | undefined;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}
export interface CoturnOptions {
  listen?: string[];
  port: number;
  secret: string;
  minPort: number;
  maxPort: number;
  allowLoopback?: boolean;
  allowedPeers?: string[];
}
export const TURNSERVER: string;
export function turnserverInstalled(): boolean;
export function newTurnSecret(): string;
export function freeUdpPort(host?: string): Promise<number>;
export function stunPing(host: string, port: number, timeoutMs?: number): Promise<boolean>;
export function startCoturn(options: CoturnOptions): Promise<Coturn>;
export function relayPortRange(turnPort: number): { minPort: number; maxPort: number };
export function writeEmulatorTurnConfig(turn: { host: string; port: number; secret: string } | null): void;
export function localTurn(
  port?: number,
  options?: { start?: boolean },
): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
