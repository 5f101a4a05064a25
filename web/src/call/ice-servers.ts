/**
 * The ICE servers a peer connection gets: what getIceServers handed out (STUN plus TURN with a
 * short-lived credential), or the configured STUN when the function could not be reached.
 * With `stunOff` every STUN URL is dropped: two browsers on one machine need none, and an
 * unreachable STUN server only slows gathering down. `turnOff` drops TURN, to see whether a
 * network needs the relay.
 */
export function chooseIceServers(
  fromFunction: RTCIceServer[] | null,
  fallback: RTCIceServer[],
  options: { stunOff: boolean; turnOff?: boolean },
): RTCIceServer[] {
  const servers = fromFunction ?? fallback;
  if (!options.stunOff && !options.turnOff) return servers;
  const drop = (u: string) => (options.stunOff && /^stuns?:/i.test(u)) || (!!options.turnOff && /^turns?:/i.test(u));
  return servers.map((s) => ({ ...s, urls: toList(s.urls).filter((u) => !drop(u)) })).filter((s) => s.urls.length > 0);
}

function toList(urls: string | string[]): string[] {
  return typeof urls === "string" ? [urls] : urls;
}
