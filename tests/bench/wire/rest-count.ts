// Counting Firestore's REST (v1) calls, and gRPC's unary calls put in the same form (grpc-meter.ts):
// `documents:commit` and `:batchWrite` (the writes that succeeded), PATCH / DELETE on a document and
// POST createDocument: 1 write each, on 2xx. GET of a document = 1 read, found (200) or not (404);
// GET of a collection (list) = its documents; `:batchGet` = 1 read per `found` or `missing` entry;
// `:runQuery` = returned documents (min 1); `:runAggregationQuery` = 1 read per result.
// /emulator/* admin calls are ignored.
import { asArray, asString, isObject, pathBucket, writtenDocument } from "./json.js";
import type { Tally } from "./tally.js";

export interface RestCall {
  method: string;
  url: URL;
  status: number;
  /** Request and response bodies, decoded. */
  requestBody: string;
  responseBody: string;
  /** Names the call in count events; default "REST <verb or method>". */
  via?: string;
}

/** Adds to `tally` what one REST call read and wrote. */
export function countRest(tally: Tally, call: RestCall): void {
  const { method, url, status, requestBody, responseBody } = call;
  let via = call.via;
  const match = /^\/v1(?:beta1)?\/projects\/[^/]+\/databases\/[^/]+\/documents(.*)$/.exec(url.pathname);
  if (!match) return;
  let rest: string;
  try {
    rest = decodeURIComponent(match[1] ?? "");
  } catch {
    return;
  }
  const colon = rest.lastIndexOf(":");
  const verb = colon >= 0 && !rest.slice(colon).includes("/") ? rest.slice(colon + 1) : "";
  const path = (verb ? rest.slice(0, colon) : rest).replace(/^\/+/, "");
  const ok = status >= 200 && status < 300;
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  via ??= `REST ${verb ? `:${verb}` : method}`;
  const segments = path.split("/").filter((s) => s.length > 0);
  const isDocument = segments.length > 0 && segments.length % 2 === 0;
  if (!ok) {
    // A get of a document that does not exist is billed as a read.
    if (status === 404 && method === "GET" && verb === "" && isDocument) tally.add("read", path, via);
    return;
  }
  if (verb === "commit" && method === "POST") {
    const body = parse(requestBody);
    for (const write of isObject(body) ? asArray(body.writes) : []) {
      const name = writtenDocument(write);
      if (name !== null) tally.add("write", name, via);
    }
  } else if (verb === "batchWrite" && method === "POST") {
    const body = parse(requestBody);
    const response = parse(responseBody);
    const statuses = isObject(response) ? asArray(response.status) : [];
    asArray(isObject(body) ? body.writes : undefined).forEach((write, i) => {
      const name = writtenDocument(write);
      const result = statuses[i];
      const failed = isObject(result) && typeof result.code === "number" && result.code !== 0;
      if (name !== null && !failed) tally.add("write", name, via);
    });
  } else if (verb === "batchGet" && method === "POST") {
    for (const item of asArray(parse(responseBody))) {
      if (isObject(item) && isObject(item.found)) tally.add("read", asString(item.found.name) ?? "", via);
      // A missing document is billed as a read too.
      else if (isObject(item) && typeof item.missing === "string") tally.add("read", item.missing, via);
    }
  } else if (verb === "runQuery" && method === "POST") {
    let found = 0;
    for (const item of asArray(parse(responseBody))) {
      if (isObject(item) && isObject(item.document)) {
        found += 1;
        tally.add("read", asString(item.document.name) ?? "", via);
      }
    }
    if (found === 0) tally.add("read", path, `${via} (empty query)`, queryBucketOfRunQuery(path, parse(requestBody)));
  } else if (verb === "runAggregationQuery" && method === "POST") {
    for (const item of asArray(parse(responseBody))) {
      if (isObject(item) && isObject(item.result)) {
        tally.add("read", path, via, queryBucketOfRunQuery(path, parse(requestBody), "structuredAggregationQuery"));
      }
    }
  } else if (verb === "") {
    if (method === "GET" && isDocument) tally.add("read", path, via);
    else if (method === "GET" && segments.length > 0) {
      const response = parse(responseBody);
      for (const doc of isObject(response) ? asArray(response.documents) : []) {
        if (isObject(doc)) tally.add("read", asString(doc.name) ?? "", via);
      }
    } else if ((method === "PATCH" || method === "DELETE") && isDocument) tally.add("write", path, via);
    else if (method === "POST" && !isDocument && segments.length > 0) {
      const response = parse(responseBody);
      const name = isObject(response) ? asString(response.name) : undefined;
      tally.add("write", name ?? path, via);
    }
  }
}

function queryBucketOfRunQuery(parentPath: string, body: unknown, key = "structuredQuery"): string {
  let query: unknown = isObject(body) ? body[key] : undefined;
  if (key === "structuredAggregationQuery" && isObject(query)) query = query.structuredQuery;
  const from = isObject(query) ? asArray(query.from)[0] : undefined;
  const collectionId = isObject(from) ? (asString(from.collectionId) ?? "") : "";
  if (isObject(from) && from.allDescendants === true) return `**/${collectionId}`;
  return pathBucket([parentPath, collectionId].filter((s) => s).join("/"));
}
