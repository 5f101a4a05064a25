// Reading Firestore's JSON wire form (WebChannel messages, REST bodies, gRPC decoded to JSON)
// without trusting its shape: small guards, and the document paths counts are grouped by.

export type Json = Record<string, unknown>;

export const UNKNOWN_BUCKET = "(unknown)";

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** "projects/p/databases/d/documents/calls/c1/signals/u1" -> "calls/c1/signals/u1". */
export function relativeDocumentPath(name: string): string {
  const marker = "/documents/";
  const at = name.indexOf(marker);
  if (at >= 0) return name.slice(at + marker.length);
  if (name.endsWith("/documents")) return "";
  return name.replace(/^\/+/, "");
}

/** The byPath key of a document or collection path: its collection ids, document ids as "*". */
export function pathBucket(nameOrPath: string): string {
  const segments = relativeDocumentPath(nameOrPath)
    .split("/")
    .filter((s) => s.length > 0);
  const collections = segments.filter((_, i) => i % 2 === 0);
  return collections.length > 0 ? collections.join("/*/") : UNKNOWN_BUCKET;
}

/** The document a Write (google.firestore.v1.Write) touches, or null if it is not a billed write. */
export function writtenDocument(write: unknown): string | null {
  if (!isObject(write)) return null;
  if (isObject(write.update)) return asString(write.update.name) ?? "";
  if (typeof write.delete === "string") return write.delete;
  if (isObject(write.transform)) return asString(write.transform.document) ?? "";
  return null; // `verify` (a transaction precondition) writes nothing
}
