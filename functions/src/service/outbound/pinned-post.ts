import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { checkDestination, pickAddress } from "./webhook-destination.js";

/** Every address a name has, as the operating system's resolver sees it. */
export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowLoopback: boolean;
  resolve?: Resolver;
}

/** What happened: the status of the answer, or why nothing was sent (or nothing came back). */
export type PostOutcome = { sent: true; status: number } | { sent: false; error: string };

/** The addresses of `host`, or an error when the resolver fails or takes longer than `ms`. */
export async function resolveWithin(resolve: Resolver, host: string, ms: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`resolving took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([resolve(host), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * POSTs `body` to `rawUrl` only if it is allowed: the name is resolved once, every address it has
 * must be public, and the connection goes to the address that was checked (TLS still verifies the
 * certificate against the name), so a second lookup cannot send it elsewhere (DNS rebinding).
 * Redirects are never followed; a 3xx is just a failed delivery.
 */
export async function pinnedPost(rawUrl: string, options: PostOptions): Promise<PostOutcome> {
  const checked = checkDestination(rawUrl, options.allowLoopback);
  if (!checked.ok) return { sent: false, error: `refused: ${checked.message}` };
  const { url, host, literal } = checked.destination;
  let address = host;
  if (!literal) {
    let addresses: string[];
    try {
      addresses = await resolveWithin(options.resolve ?? systemResolver, host, options.timeoutMs);
    } catch (err) {
      return { sent: false, error: `could not resolve ${host}: ${err instanceof Error ? err.message : String(err)}` };
    }
    const picked = pickAddress(host, addresses, options.allowLoopback);
    if (!picked.ok) return { sent: false, error: `refused: ${picked.message}` };
    address = picked.address;
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    const req = send({
      host: address,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: "POST",
      // The name for SNI and certificate checks, and the Host header, as if we had connected by name.
      ...(literal ? {} : { servername: host }),
      headers: { ...options.headers, Host: url.host, "Content-Length": String(Buffer.byteLength(options.body)) },
      agent: false,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    req.on("response", (res: IncomingMessage) => {
      res.destroy(); // only the status matters; never read (or wait for) a body
      resolve({ sent: true, status: res.statusCode ?? 0 });
    });
    req.on("error", (err) => resolve({ sent: false, error: err.message }));
    req.end(options.body);
  });
}
