// What this machine lacks for the whole test suite, said in one line with the command that fixes it.
//
//   node scripts/system-check.mjs           print what is missing (npm install runs this; never fails)
//   node scripts/system-check.mjs --strict  the same, and exit 1 if anything is missing (npm test)
//
// Browser, relay and network-namespace tests skip themselves where their part is missing, so a green
// run could have tested no call at all. `npm test` therefore refuses to start without them, unless
// FIRECALL_ALLOW_SKIP names the parts whose tests may be skipped on purpose, e.g.
// FIRECALL_ALLOW_SKIP=chromium,coturn,netns (or `all`). Java cannot be skipped: without it no
// emulator starts. The tests import the same checks, so "skipped" and "missing" never disagree.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const TURNSERVER = process.env.TURNSERVER_PATH ?? "/usr/bin/turnserver";
export const INSTALL_COMMAND = "sudo bash scripts/install-system-deps.sh";

function commandWorks(command, args) {
  try {
    execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Why network namespaces cannot be used here (the behind-NAT test needs them), or null when they can. */
export function netnsUnavailable() {
  if (process.platform !== "linux") return "not Linux";
  if (typeof process.getuid === "function" && process.getuid() !== 0) return "needs root for ip netns";
  if (!commandWorks("ip", ["-V"])) return "the ip command (iproute2) is missing";
  const probe = `fcprobe${process.pid % 100000}`;
  try {
    execFileSync("ip", ["netns", "add", probe], { stdio: ["ignore", "ignore", "pipe"] });
    execFileSync("ip", ["netns", "del", probe], { stdio: "ignore" });
  } catch (err) {
    return `cannot create a network namespace: ${String(err.stderr ?? err.message).split("\n")[0]}`;
  }
  const addresses = execFileSync("ip", ["-4", "addr"], { encoding: "utf8" });
  if (/10\.25[12]\./.test(addresses)) return "10.251.0.0/16 or 10.252.0.0/16 is already in use here";
  return null;
}

/**
 * The parts the suite needs and whether each is here. `fix` is what a person should do: run the
 * install script ("install"), run as root ("root"), or nothing this project can do ("none": a
 * container without the right to create namespaces, say).
 */
export function systemParts() {
  const netns = netnsUnavailable();
  return [
    {
      name: "java",
      what: "the Firestore and Pub/Sub emulators",
      ok: commandWorks("java", ["-version"]),
      fix: "install",
    },
    { name: "chromium", what: "every browser test", ok: existsSync(CHROMIUM_PATH), fix: "install" },
    { name: "coturn", what: "the relay tests", ok: existsSync(TURNSERVER), fix: "install" },
    {
      name: "netns",
      what: `the behind-NAT test (${netns ?? "ok"})`,
      ok: netns === null,
      fix: netns?.startsWith("needs root") ? "root" : netns?.includes("iproute2") ? "install" : "none",
    },
  ];
}

/** Parts whose tests may be skipped on purpose (FIRECALL_ALLOW_SKIP=chromium,netns, or all). */
export function allowedSkips(value = process.env.FIRECALL_ALLOW_SKIP ?? "") {
  return new Set(
    value
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The parts that are missing and matter (`missing`), and those whose tests are skipped on purpose. */
export function checkSystem(parts = systemParts(), allowed = allowedSkips()) {
  const skippable = (p) => p.name !== "java" && (allowed.has("all") || allowed.has(p.name));
  return {
    missing: parts.filter((p) => !p.ok && !skippable(p)),
    skipped: parts.filter((p) => !p.ok && skippable(p)),
  };
}

/** One line naming what is missing and the command that installs it. */
export function missingLine(missing) {
  const names = missing.map((p) => `${p.name} (${p.what})`).join(", ");
  const fixes = [];
  if (missing.some((p) => p.fix === "install")) fixes.push(`install with: ${INSTALL_COMMAND}`);
  if (missing.some((p) => p.fix === "root")) fixes.push("run the tests as root for netns");
  const optional = missing.filter((p) => p.name !== "java").map((p) => p.name);
  const skip = optional.length > 0 ? `; or skip their tests on purpose: FIRECALL_ALLOW_SKIP=${optional.join(",")}` : "";
  return `firecall: missing ${names}${fixes.length > 0 ? `: ${fixes.join("; ")}` : ""}${skip}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { missing, skipped } = checkSystem();
  if (missing.length > 0) {
    console.error(missingLine(missing));
    if (process.argv.includes("--strict")) process.exit(1);
  } else {
    const note =
      skipped.length > 0 ? ` (their tests skipped on purpose: ${skipped.map((p) => p.name).join(", ")})` : "";
    console.log(`firecall: system check passed${note}`);
  }
}
