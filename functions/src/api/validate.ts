import { isCallId } from "../shared/call-id.js";
import { CALL_STATUSES, type CallStatus } from "../shared/call-model.js";
import { freeTextProblem, labelProblem } from "../shared/plain-text.js";
import { parseRfc3339 } from "../shared/start-time.js";
import { ApiProblem, problems } from "./problem.js";

/** Limits of what an app may attach to a call (also in the OpenAPI document). */
export const API_LIMITS = {
  nameMaxLength: 100,
  metadataMaxEntries: 20,
  metadataKeyPattern: /^[A-Za-z0-9_.-]{1,40}$/,
  metadataValueMaxLength: 500,
  pageMaxLimit: 100,
  pageDefaultLimit: 20,
  idempotencyKeyMaxLength: 255,
} as const;

/** The instants a Firestore timestamp can hold: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z. */
export const FIRESTORE_TIME_RANGE_MS = { min: -62_135_596_800_000, max: 253_402_300_799_999 } as const;

const inFirestoreRange = (ms: number) => ms >= FIRESTORE_TIME_RANGE_MS.min && ms <= FIRESTORE_TIME_RANGE_MS.max;

const CORE_FIELDS = ["startsAt", "title", "emptyTimeoutSeconds"] as const;
const CREATE_FIELDS = [...CORE_FIELDS, "host", "guest", "metadata"] as const;

function rejectUnknown(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined) {
    throw problems.invalidRequest(`Unknown field "${unknown.slice(0, 40)}": the fields are ${allowed.join(", ")}.`);
  }
}

function pickCore(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CORE_FIELDS.filter((k) => k in body).map((k) => [k, body[k]]));
}

function displayName(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw problems.invalidRequest(`${field} must be a string.`);
  const name = value.trim();
  if (name.length > API_LIMITS.nameMaxLength) {
    throw problems.invalidRequest(`${field} must be at most ${API_LIMITS.nameMaxLength} characters.`);
  }
  const problem = labelProblem(name);
  if (problem) throw problems.invalidRequest(`${field} ${problem}.`);
  return name || null;
}

function metadataOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ApiProblem(400, "invalid_metadata", "metadata is not valid.", "metadata must be an object of strings.");
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const bad = (detail: string) => new ApiProblem(400, "invalid_metadata", "metadata is not valid.", detail);
  if (entries.length > API_LIMITS.metadataMaxEntries) {
    throw bad(`metadata has at most ${API_LIMITS.metadataMaxEntries} entries.`);
  }
  for (const [key, v] of entries) {
    if (!API_LIMITS.metadataKeyPattern.test(key)) throw bad("metadata keys are 1-40 of A-Z a-z 0-9 _ . -");
    // Firestore reserves __name__-style field names; __proto__ would vanish from a plain object.
    if (/^__.*__$/.test(key)) throw bad(`metadata key "${key}" is reserved (keys may not start and end with __).`);
    if (typeof v !== "string") throw bad(`metadata.${key} must be a string.`);
    if (v.length > API_LIMITS.metadataValueMaxLength) {
      throw bad(`metadata values are at most ${API_LIMITS.metadataValueMaxLength} characters.`);
    }
    const problem = freeTextProblem(v);
    if (problem) throw bad(`metadata.${key} ${problem}.`);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export interface CreateCallBody {
  /** startsAt, title, emptyTimeoutSeconds: checked by CallService, as for the callable. */
  core: Record<string, unknown>;
  hostName: string | null;
  guestName: string | null;
  metadata: Record<string, string>;
}

/** POST /v1/calls: the API's own fields are checked here, the call's by CallService. */
export function readCreateBody(body: Record<string, unknown>): CreateCallBody {
  rejectUnknown(body, CREATE_FIELDS);
  return {
    core: pickCore(body),
    hostName: displayName(body.host, "host"),
    guestName: displayName(body.guest, "guest"),
    metadata: metadataOf(body.metadata),
  };
}

/** PATCH /v1/calls/{id}: any of startsAt, title, emptyTimeoutSeconds. */
export function readPatchBody(body: Record<string, unknown>): Record<string, unknown> {
  rejectUnknown(body, CORE_FIELDS);
  if (Object.keys(body).length === 0) throw problems.invalidRequest(`Send at least one of ${CORE_FIELDS.join(", ")}.`);
  if (body.startsAt === null)
    throw new ApiProblem(400, "invalid_start_time", "startsAt is not valid.", "startsAt cannot be null.");
  return pickCore(body);
}

export interface ListQuery {
  status?: CallStatus;
  fromMs?: number;
  toMs?: number;
  limit: number;
  cursor?: { startsAtMs: number; id: string };
}

const LIST_PARAMS = ["status", "from", "to", "limit", "cursor"];

function queryTime(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const ms = parseRfc3339(raw);
  if (ms === null) {
    throw new ApiProblem(400, "invalid_query", "The query is not valid.", `${name} must be RFC 3339 with an offset.`);
  }
  if (!inFirestoreRange(ms)) {
    throw new ApiProblem(400, "invalid_query", "The query is not valid.", `${name} must be from year 1 to 9999 (UTC).`);
  }
  return ms;
}

/** GET /v1/calls?status=&from=&to=&limit=&cursor= */
export function readListQuery(params: URLSearchParams): ListQuery {
  const bad = (detail: string) => new ApiProblem(400, "invalid_query", "The query is not valid.", detail);
  for (const name of new Set(params.keys())) {
    if (!LIST_PARAMS.includes(name))
      throw bad(`Unknown parameter "${name.slice(0, 40)}": use ${LIST_PARAMS.join(", ")}.`);
    if (params.getAll(name).length > 1) throw bad(`${name} may appear once.`);
  }
  const status = params.get("status") ?? undefined;
  if (status !== undefined && !(CALL_STATUSES as readonly string[]).includes(status)) {
    throw bad(`status is one of ${CALL_STATUSES.join(", ")}.`);
  }
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? API_LIMITS.pageDefaultLimit : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? "1") || limit < 1 || limit > API_LIMITS.pageMaxLimit) {
    throw bad(`limit is a whole number from 1 to ${API_LIMITS.pageMaxLimit}.`);
  }
  const query: ListQuery = { limit, fromMs: queryTime(params, "from"), toMs: queryTime(params, "to") };
  if (status) query.status = status as CallStatus;
  const cursor = params.get("cursor");
  if (cursor !== null) query.cursor = decodeCursor(cursor);
  return query;
}

export function encodeCursor(startsAtMs: number, id: string): string {
  return Buffer.from(JSON.stringify([startsAtMs, id]), "utf8").toString("base64url");
}

function decodeCursor(text: string): { startsAtMs: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    // Only what encodeCursor makes: a time Firestore can hold and a call id (never "" or a path).
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      inFirestoreRange(value[0] as number) &&
      typeof value[1] === "string" &&
      isCallId(value[1])
    ) {
      return { startsAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new ApiProblem(400, "invalid_cursor", "The cursor is not valid.", "Pass nextCursor from a previous page.");
}
