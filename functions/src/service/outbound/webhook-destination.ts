import { kindOfAddressText, type AddressKind } from "./ip-ranges.js";

/**
 * Where a webhook may point: an https URL whose host is a public address, or a name that is not
 * reserved for local or internal use (and that resolves only to public addresses: checked at
 * registration and again before every delivery, see pinned-post.ts). Under the emulator, and only
 * there, loopback receivers are allowed too (the tests' receivers on 127.0.0.1), over http or https.
 */

/** A URL that passed the checks that need no DNS. */
export interface Destination {
  url: URL;
  /** The host without brackets, lower case, without a trailing dot. */
  host: string;
  /** Whether `host` is an IP address (then there is nothing to resolve). */
  literal: boolean;
}

export type DestinationCheck = { ok: true; destination: Destination } | { ok: false; message: string };

/** Top-level names that never lead to the public internet (RFC 6761, 6762, 8375, 9476; ICANN's .internal). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "arpa", "test", "invalid", "example", "onion", "alt"];

const MAX_URL_LENGTH = 2000;

function refused(message: string): DestinationCheck {
  return { ok: false, message };
}

/** Whether an address of this kind may be reached (loopback only when `allowLoopback`). */
export function mayReach(kind: AddressKind, allowLoopback: boolean): boolean {
  return kind === "public" || (allowLoopback && kind === "loopback");
}

const describe = (kind: AddressKind) => (kind === "unspecified" ? "the unspecified address" : `a ${kind} address`);

function addressRefusal(text: string, kind: AddressKind): string {
  return `url must point to a public address; ${text} is ${describe(kind)}.`;
}

/** The checks that need no DNS: scheme, credentials, the host's spelling, literal addresses. */
export function checkDestination(raw: string, allowLoopback: boolean): DestinationCheck {
  if (raw.length > MAX_URL_LENGTH) return refused(`url must be at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refused("url must be an absolute https URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return refused("url must be an https URL.");
  if (url.username || url.password) return refused("url must not carry credentials.");
  // WHATWG parsing has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const kind = kindOfAddressText(host);
  const loopbackName = host === "localhost" || host.endsWith(".localhost");
  const loopback = kind === "loopback" || (kind === null && loopbackName);
  if (url.protocol === "http:" && !(allowLoopback && loopback)) return refused("url must be an https URL.");
  if (kind !== null) {
    if (!mayReach(kind, allowLoopback)) return refused(addressRefusal(host, kind));
    return { ok: true, destination: { url, host, literal: true } };
  }
  if (loopbackName && allowLoopback) return { ok: true, destination: { url, host, literal: false } };
  const suffix = LOCAL_SUFFIXES.find((s) => host === s || host.endsWith(`.${s}`));
  if (suffix) return refused(`url must name a public host; .${suffix} names are for local or internal use.`);
  if (!host.includes(".")) {
    return refused(`url must name a public host; "${host.slice(0, 60)}" is a single-label (intranet) name.`);
  }
  return { ok: true, destination: { url, host, literal: false } };
}

/**
 * The address to connect to, from what the resolver returned: every address must be reachable
 * (a name with one private address among public ones is refused), and the first one is used.
 */
export function pickAddress(
  host: string,
  addresses: string[],
  allowLoopback: boolean,
): { ok: true; address: string } | { ok: false; message: string } {
  if (addresses.length === 0) return { ok: false, message: `${host} has no address.` };
  for (const address of addresses) {
    const kind = kindOfAddressText(address) ?? "reserved";
    if (!mayReach(kind, allowLoopback)) {
      const message = `url must point to a public address; ${host} resolves to ${address}, ${describe(kind)}.`;
      return { ok: false, message };
    }
  }
  return { ok: true, address: addresses[0]! };
}
