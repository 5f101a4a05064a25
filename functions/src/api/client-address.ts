import { isIP } from "node:net";
import { parseAddress } from "../service/outbound/ip-ranges.js";

/**
 * The address a request came from, for throttling invalid API keys. Google's front end appends the
 * address it received the connection from to X-Forwarded-For, so the last entry is the one a
 * client cannot forge (everything before it is whatever the client sent). `trustedHops` more
 * proxies of our own in front (none by default) move it that many entries to the left.
 */
export function clientAddress(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  trustedHops = 0,
): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const candidate = entries[entries.length - 1 - trustedHops] ?? socketAddress ?? "";
  const address = candidate.replace(/^\[(.*)\](:\d+)?$/, "$1").replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1");
  if (isIP(address) === 0) return "unknown";
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").toLowerCase();
}

/**
 * What the throttle counts failures against: an IPv4 address, or an IPv6 address's /64 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function throttleSubject(address: string): string {
  const parsed = parseAddress(address);
  if (!parsed) return address;
  if (parsed.family === 4) return address;
  return `${(parsed.value >> 64n).toString(16).padStart(16, "0")}::/64`;
}
