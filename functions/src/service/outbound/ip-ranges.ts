import { isIP } from "node:net";

/**
 * Which IP addresses an outbound request (a webhook) may reach: only public unicast ones. Pure, so
 * the classification is unit-tested on every spelling; the URL parser and the resolver hand us
 * canonical text (`127.0.0.1`, `::ffff:7f00:1`), and the odd spellings (`2130706433`, `0x7f.1`,
 * `0177.0.0.1`) are normalized by WHATWG URL parsing before they get here.
 */

export type AddressKind =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "carrier-grade NAT"
  | "link-local"
  | "unique-local"
  | "multicast"
  | "documentation"
  | "reserved";

interface Range {
  base: bigint;
  bits: number;
  kind: Exclude<AddressKind, "public">;
}

/** An address as a number (IPv4: 32 bits, IPv6: 128 bits) with its family. */
export interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

function ipv4Value(text: string): bigint {
  return text.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(text: string): bigint {
  let head = text;
  // An embedded dotted IPv4 (::ffff:127.0.0.1) stands for the last two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4Value(dotted[1]!);
    head = `${text.slice(0, dotted.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [left = "", right] = head.split("::");
  const leftGroups = left === "" ? [] : left.split(":");
  const rightGroups = right === undefined || right === "" ? [] : right.split(":");
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill("0"), ...rightGroups];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** The address in `text` (IPv6 with or without brackets, no zone), or null when it is not one. */
export function parseAddress(text: string): ParsedAddress | null {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const family = isIP(bare);
  if (family === 4) return { family: 4, value: ipv4Value(bare) };
  if (family === 6 && !bare.includes("%")) return { family: 6, value: ipv6Value(bare.toLowerCase()) };
  return null;
}

const v4 = (cidr: string, kind: Range["kind"]): Range => {
  const [base, bits] = cidr.split("/") as [string, string];
  return { base: ipv4Value(base), bits: Number(bits), kind };
};
const v6 = (cidr: string, kind: Range["kind"]): Range => {
  const [base, bits] = cidr.split("/") as [string, string];
  return { base: ipv6Value(base), bits: Number(bits), kind };
};

/** IANA special-purpose IPv4 ranges that are not globally reachable unicast (RFC 6890 and later). */
const IPV4_SPECIAL: Range[] = [
  v4("0.0.0.0/32", "unspecified"),
  v4("0.0.0.0/8", "reserved"), // "this network"
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "carrier-grade NAT"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link-local"), // includes the cloud metadata server 169.254.169.254
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "reserved"), // IETF protocol assignments
  v4("192.0.2.0/24", "documentation"),
  v4("192.88.99.0/24", "reserved"), // 6to4 relay anycast
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "reserved"), // benchmarking
  v4("198.51.100.0/24", "documentation"),
  v4("203.0.113.0/24", "documentation"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"), // includes broadcast 255.255.255.255
];

/** Inside 2000::/3 (global unicast), the blocks that are still special. */
const IPV6_SPECIAL_GLOBAL: Range[] = [
  v6("2001::/23", "reserved"), // IETF protocol assignments: Teredo, ORCHID, benchmarking…
  v6("2001:db8::/32", "documentation"),
  v6("2002::/16", "reserved"), // 6to4: an IPv4 address (maybe a private one) in disguise
  v6("3fff::/20", "documentation"),
];

/** Outside 2000::/3 every IPv6 address is special; these say which kind. */
const IPV6_SPECIAL_OTHER: Range[] = [
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("fc00::/7", "unique-local"),
  v6("fe80::/10", "link-local"),
  v6("fec0::/10", "private"), // deprecated site-local
  v6("ff00::/8", "multicast"),
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits, judged as that IPv4 address. */
const IPV6_EMBEDDING_IPV4: Range[] = [
  v6("::ffff:0:0/96", "reserved"), // IPv4-mapped
  v6("64:ff9b::/96", "reserved"), // NAT64 well-known prefix
];

const within = (value: bigint, range: Range, width: number): boolean =>
  value >> BigInt(width - range.bits) === range.base >> BigInt(width - range.bits);

/** What kind of address this is; anything but "public" must not be the target of a request. */
export function addressKind(address: ParsedAddress): AddressKind {
  if (address.family === 4) return IPV4_SPECIAL.find((r) => within(address.value, r, 32))?.kind ?? "public";
  if (IPV6_EMBEDDING_IPV4.some((r) => within(address.value, r, 128))) {
    return addressKind({ family: 4, value: address.value & 0xffffffffn });
  }
  const global = address.value >> 125n === 1n; // 2000::/3
  if (global) return IPV6_SPECIAL_GLOBAL.find((r) => within(address.value, r, 128))?.kind ?? "public";
  return IPV6_SPECIAL_OTHER.find((r) => within(address.value, r, 128))?.kind ?? "reserved";
}

/** The kind of the address written in `text`, or null when `text` is not an IP address. */
export function kindOfAddressText(text: string): AddressKind | null {
  const parsed = parseAddress(text);
  return parsed ? addressKind(parsed) : null;
}
