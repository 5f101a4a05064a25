// Passing HTTP/1.1 bodies through the meter's proxy while reading them: hop-by-hop headers, and
// bodies the emulator may compress.
import zlib from "node:zlib";

/** Hop-by-hop headers are the proxy's own business on each side; everything else passes as is. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "upgrade"]);

export function forwardableHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    if (!HOP_BY_HOP.has(name.toLowerCase())) out.push(name, raw[i + 1] ?? "");
  }
  return out;
}

export function decodeBody(bytes: Buffer, encoding: string | undefined): string | null {
  const enc = (encoding ?? "").trim().toLowerCase();
  try {
    if (enc === "" || enc === "identity") return bytes.toString("utf8");
    if (enc === "gzip" || enc === "x-gzip") return zlib.gunzipSync(bytes).toString("utf8");
    if (enc === "deflate") return zlib.inflateSync(bytes).toString("utf8");
    if (enc === "br") return zlib.brotliDecompressSync(bytes).toString("utf8");
  } catch {
    return null;
  }
  return null;
}

/** Feeds a (possibly compressed) streamed body to `sink` as plain bytes. */
export function plainBytes(
  encoding: string | undefined,
  sink: (bytes: Buffer) => void,
): { write(b: Buffer): void; end(): void } {
  const enc = (encoding ?? "").trim().toLowerCase();
  const inflater =
    enc === "gzip" || enc === "x-gzip"
      ? zlib.createGunzip()
      : enc === "deflate"
        ? zlib.createInflate()
        : enc === "br"
          ? zlib.createBrotliDecompress()
          : null;
  if (!inflater) return { write: sink, end: () => undefined };
  inflater.on("data", sink);
  inflater.on("error", () => undefined);
  return { write: (b) => inflater.write(b), end: () => inflater.end() };
}
