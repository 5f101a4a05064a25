import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_PATH } from "./browser.js";

/**
 * Two "homes" on one machine, each a Linux network namespace with two veth links to the root
 * namespace and no route to the other home:
 *   control  10.252.<n>.2 ↔ 10.252.<n>.1   (browser → HTTP proxy → web app and emulators)
 *   media    10.251.<n>.2 ↔ 10.251.<n>.1   (browser → coturn), the one a test takes down
 * Nothing routes between the homes (no default routes, no forwarding rules), so a direct
 * WebRTC connection between them is impossible; only a relay in the root namespace gets through.
 */
export interface Home {
  name: string;
  index: number;
  controlRoot: string;
  mediaRoot: string;
  /** The interface inside the namespace that carries media (to take it down). */
  mediaDevice: string;
  /** The interface inside the namespace that reaches the web app and the emulators (through the proxy). */
  controlDevice: string;
}

function ip(...args: string[]): string {
  return execFileSync("ip", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

// Why namespaces cannot be used here, or null: the same check `npm test` makes before it starts.
export { netnsUnavailable } from "../../scripts/system-check.mjs";

export function createHomes(): Home[] {
  const tag = String(process.pid % 1000);
  const homes: Home[] = [];
  for (const index of [1, 2]) {
    const name = `fchome${index}-${tag}`;
    const home = {
      name,
      index,
      controlRoot: `10.252.${index}.1`,
      mediaRoot: `10.251.${index}.1`,
      mediaDevice: `fcm${index}n${tag}`,
      controlDevice: `fcc${index}n${tag}`,
    };
    homes.push(home);
    ip("netns", "add", name);
    ip("-n", name, "link", "set", "lo", "up");
    for (const [kind, subnet] of [
      ["c", "10.252"],
      ["m", "10.251"],
    ] as const) {
      const rootSide = `fc${kind}${index}r${tag}`;
      const nsSide = `fc${kind}${index}n${tag}`;
      ip("link", "add", rootSide, "type", "veth", "peer", "name", nsSide, "netns", name);
      ip("addr", "add", `${subnet}.${index}.1/24`, "dev", rootSide);
      ip("link", "set", rootSide, "up");
      ip("-n", name, "addr", "add", `${subnet}.${index}.2/24`, "dev", nsSide);
      ip("-n", name, "link", "set", nsSide, "up");
    }
  }
  return homes;
}

/** Deleting a namespace deletes its veth ends, and with them the root-side peers. */
export function destroyHomes(homes: Home[]): void {
  for (const home of homes) {
    try {
      ip("netns", "del", home.name);
    } catch {
      // already gone
    }
  }
}

/** Whether `home` has any route to `address` (the kernel's own verdict). */
export function canRoute(home: Home, address: string): boolean {
  try {
    ip("-n", home.name, "route", "get", address);
    return true;
  } catch {
    return false;
  }
}

export function setMediaLink(home: Home, up: boolean): void {
  ip("-n", home.name, "link", "set", home.mediaDevice, up ? "up" : "down");
}

/** The whole home offline (both links) or back: its browser loses Firestore, the functions and the relay. */
export function setHomeOnline(home: Home, up: boolean): void {
  for (const device of [home.controlDevice, home.mediaDevice])
    ip("-n", home.name, "link", "set", device, up ? "up" : "down");
}

/** A script that starts Debian's Chromium inside `home` (playwright talks to it over a pipe). */
export function chromiumLauncher(home: Home): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "firecall-netns-"));
  const path = join(dir, "chromium");
  writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${home.name} ${CHROMIUM_PATH} "$@"\n`);
  chmodSync(path, 0o755);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs udp-forward.mjs inside `home` and waits (at most 10 s) until it listens. */
export async function forwardUdp(home: Home, listen: string, target: string): Promise<ChildProcess> {
  const script = new URL("./udp-forward.mjs", import.meta.url).pathname;
  if (!existsSync(script)) throw new Error(`missing ${script}`);
  const child = spawn("ip", ["netns", "exec", home.name, process.execPath, script, listen, target, "600000"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("udp forward did not start")), 10_000);
    child.stdout!.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`udp forward exited with ${code}`));
    });
  });
  return child;
}
