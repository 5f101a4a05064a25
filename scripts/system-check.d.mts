// Types for system-check.mjs, which the TypeScript tests import.
export interface SystemPart {
  name: "java" | "chromium" | "coturn" | "netns";
  what: string;
  ok: boolean;
  fix: "install" | "root" | "none";
}
export const CHROMIUM_PATH: string;
export const TURNSERVER: string;
export const INSTALL_COMMAND: string;
export function netnsUnavailable(): string | null;
export function systemParts(): SystemPart[];
export function allowedSkips(value?: string): Set<string>;
export function checkSystem(
  parts?: SystemPart[],
  allowed?: Set<string>,
): { missing: SystemPart[]; skipped: SystemPart[] };
export function missingLine(missing: SystemPart[]): string;
