// Counting Firestore's streams from the wire, independent of sockets: what the proxies
// (firestore-meter.ts for WebChannel and REST, grpc-meter.ts for gRPC) decode, this bills.
//
// * WebChannel streams (default transport and experimentalForceLongPolling alike):
//   /google.firestore.v1.Firestore/{Write,Listen}/channel?...SID=<session>...
//   - Forward channel: POST, application/x-www-form-urlencoded, `count=N&ofs=K&req<i>___data__=<JSON>`;
//     message i has map id K+i. A retried POST resends the same ids, so ids at or below the highest
//     already seen on that session are skipped.
//   - Back channel (GET ...&TYPE=xmlhttp, and the first POST's answer): `<length>\n<JSON>` chunks,
//     length in UTF-16 code units, JSON = [[arrayId, [message...]], ...]; arrayIds only grow, a
//     re-delivered array is skipped. Messages are objects, or "noop"/"c"/"close" control words.
// * Write stream: each element of `writes` (update / delete / legacy transform; not `verify`) is one
//   billed write, counted when the server confirms the message with its WriteResponse (the first
//   response on a stream is the handshake answer, as in the SDK). A stream error drops what it had
//   pending: those writes were not committed (the SDK resends them on a new stream if it retries).
// * Listen stream: a `documentChange` is one read if it brings a document version this target has not
//   already delivered on this stream. The emulator answers every change with targetChange RESET and
//   then re-sends the target's whole result set; production sends only what changed, so an unchanged
//   re-sent document is not a read. A target re-added with a resume token (the SDK does this for
//   getDocs after an earlier listener on the same query, and when a stream reconnects) starts from the
//   versions delivered up to that token: production resumes and sends only what changed, while the
//   emulator ignores the token and re-sends everything. A query target whose first CURRENT brought no
//   new document costs the one-read minimum of a query; a documents target (getDoc, doc listener)
//   costs one read per requested document that does not exist (the emulator sends documentDelete).
//   documentDelete / documentRemove are otherwise not reads.
import { newSession, newTarget, type ChannelSession, type TargetState } from "./channel-session.js";
import {
  asArray,
  asString,
  isObject,
  pathBucket,
  relativeDocumentPath,
  UNKNOWN_BUCKET,
  writtenDocument,
  type Json,
} from "./json.js";
import { countRest } from "./rest-count.js";
import { Tally, type CountEvent } from "./tally.js";

/**
 * Counting logic, independent of sockets: fed decoded requests and responses by the proxies (this
 * WebChannel/REST one, and grpc-meter.ts, which decodes gRPC into the same JSON form).
 */
export class WireCounter {
  readonly tally: Tally;
  private readonly sessions = new Map<string, ChannelSession>();
  /** `${resumeToken}|${spec}` -> the versions the target had delivered when it got that token. */
  private readonly resumePoints = new Map<string, Map<string, string>>();

  constructor(onCount?: (event: CountEvent) => void) {
    this.tally = new Tally(onCount);
  }

  session(kind: "Listen" | "Write", sid: string | null): ChannelSession {
    if (sid === null) return newSession(kind, false);
    const key = `${kind}:${sid}`;
    let session = this.sessions.get(key);
    if (!session) {
      session = newSession(kind, true);
      this.sessions.set(key, session);
    }
    return session;
  }

  private adopt(kind: "Listen" | "Write", sid: string, session: ChannelSession): void {
    const key = `${kind}:${sid}`;
    if (!this.sessions.has(key)) this.sessions.set(key, session);
  }

  /** A forward-channel POST body (sent upstream right after this returns). */
  forwardChannel(session: ChannelSession, body: string): void {
    const form = new URLSearchParams(body);
    const offset = Number(form.get("ofs") ?? "0");
    const count = Number(form.get("count") ?? "0");
    if (!Number.isFinite(offset) || !Number.isFinite(count)) return;
    for (let i = 0; i < count; i++) {
      const mapId = offset + i;
      const data = form.get(`req${i}___data__`);
      if (data === null || mapId <= session.lastMapId) continue;
      session.lastMapId = mapId;
      let message: unknown;
      try {
        message = JSON.parse(data);
      } catch {
        continue;
      }
      if (!isObject(message)) continue;
      if (session.kind === "Write") this.clientWriteMessage(session, message);
      else this.clientListenMessage(session, message);
    }
  }

  clientWriteMessage(session: ChannelSession, message: Json): void {
    if (!Array.isArray(message.writes)) return;
    const buckets: string[] = [];
    for (const write of message.writes) {
      const name = writtenDocument(write);
      if (name !== null) buckets.push(name);
    }
    session.pendingWrites.push(buckets);
  }

  clientListenMessage(session: ChannelSession, message: Json): void {
    const add = message.addTarget;
    if (!isObject(add) || typeof add.targetId !== "number") return;
    let queryBucket: string | null = null;
    let queryPath = "";
    let specValue: unknown = null;
    let requested: string[] = [];
    if (isObject(add.query)) {
      specValue = add.query;
      const parent = asString(add.query.parent) ?? "";
      const structured = isObject(add.query.structuredQuery) ? add.query.structuredQuery : {};
      const from = asArray(structured.from)[0];
      const collectionId = isObject(from) ? (asString(from.collectionId) ?? "") : "";
      const allDescendants = isObject(from) && from.allDescendants === true;
      const parentPath = relativeDocumentPath(parent);
      queryPath = allDescendants ? `**/${collectionId}` : [parentPath, collectionId].filter((s) => s).join("/");
      queryBucket = allDescendants ? queryPath : pathBucket(queryPath);
    } else if (isObject(add.documents)) {
      specValue = add.documents;
      requested = asArray(add.documents.documents).filter((d): d is string => typeof d === "string");
    }
    const spec = JSON.stringify(specValue);
    const target = newTarget(spec, queryBucket, queryPath, requested);
    const token = asString(add.resumeToken);
    if (token !== undefined) {
      const known = this.resumePoints.get(`${token}|${spec}`);
      if (known) {
        target.docs = new Map(known);
      }
    }
    session.targets.set(add.targetId, target);
  }

  /** One parsed back-channel chunk of a Listen or Write channel response. */
  backChannelChunk(kind: "Listen" | "Write", session: ChannelSession, chunk: unknown): ChannelSession {
    for (const entry of asArray(chunk)) {
      if (!Array.isArray(entry) || typeof entry[0] !== "number" || !Array.isArray(entry[1])) continue;
      const [arrayId, payload] = entry as [number, unknown[]];
      if (payload[0] === "c" && typeof payload[1] === "string") {
        // The handshake answer names the session; later requests carry it as SID.
        this.adopt(kind, payload[1], session);
        session = this.session(kind, payload[1]);
      }
      if (arrayId <= session.lastArrayId) continue;
      session.lastArrayId = arrayId;
      for (const message of payload) {
        if (!isObject(message)) continue;
        if (kind === "Write") this.serverWriteMessage(session, message);
        else this.serverListenMessage(session, message);
      }
    }
    return session;
  }

  serverWriteMessage(session: ChannelSession, message: Json): void {
    if (isObject(message.error)) {
      session.pendingWrites = [];
      return;
    }
    if (!session.handshakeDone) {
      session.handshakeDone = true;
      return;
    }
    const pending = session.pendingWrites.shift();
    if (pending) {
      for (const name of pending) this.tally.add("write", name, "Write/channel");
      return;
    }
    // A confirmation for a message we did not see (meter started mid-stream): count its results.
    for (let i = 0; i < asArray(message.writeResults).length; i++) {
      this.tally.add("write", "", "Write/channel", UNKNOWN_BUCKET);
    }
  }

  private targetsOf(session: ChannelSession, ids: unknown): TargetState[] {
    const list = asArray(ids).filter((id): id is number => typeof id === "number");
    if (list.length === 0) return [...session.targets.values()];
    return list.map((id) => {
      let target = session.targets.get(id);
      if (!target) {
        target = newTarget(`unknown:${id}`, null, "");
        target.initialDone = true;
        session.targets.set(id, target);
      }
      return target;
    });
  }

  serverListenMessage(session: ChannelSession, message: Json): void {
    const change = message.targetChange;
    if (isObject(change)) {
      this.targetChange(session, change);
      return;
    }
    const docChange = message.documentChange;
    if (isObject(docChange) && isObject(docChange.document)) {
      const name = asString(docChange.document.name) ?? "";
      const version = asString(docChange.document.updateTime) ?? "";
      const targetIds = asArray(docChange.targetIds).filter((id): id is number => typeof id === "number");
      const removedIds = asArray(docChange.removedTargetIds).filter((id): id is number => typeof id === "number");
      let fresh = targetIds.length === 0;
      for (const target of targetIds.length > 0 ? this.targetsOf(session, targetIds) : []) {
        if (target.docs.get(name) !== version) {
          fresh = true;
          if (!target.initialDone) target.initialDocs += 1;
        }
        target.docs.set(name, version);
        target.sinceReset?.add(name);
      }
      for (const target of removedIds.length > 0 ? this.targetsOf(session, removedIds) : []) {
        target.docs.delete(name);
      }
      if (fresh) this.tally.add("read", name, "Listen/channel");
      return;
    }
    for (const key of ["documentDelete", "documentRemove"] as const) {
      const gone = message[key];
      if (isObject(gone)) {
        const name = asString(gone.document) ?? "";
        const ids = asArray(gone.removedTargetIds);
        for (const target of ids.length > 0 ? this.targetsOf(session, ids) : []) target.docs.delete(name);
        return;
      }
    }
  }

  private targetChange(session: ChannelSession, change: Json): void {
    const type = asString(change.targetChangeType) ?? "NO_CHANGE";
    const ids = change.targetIds;
    if (type === "REMOVE") {
      const list = asArray(ids).filter((id): id is number => typeof id === "number");
      if (list.length === 0) session.targets.clear();
      for (const id of list) session.targets.delete(id);
      return;
    }
    const targets = this.targetsOf(session, ids);
    for (const target of targets) {
      if (type === "RESET") target.sinceReset = new Set();
      if (type === "CURRENT") {
        if (target.sinceReset) {
          // After a RESET the server re-sent the whole result; whatever it left out has left it.
          for (const name of [...target.docs.keys()]) {
            if (!target.sinceReset.has(name)) target.docs.delete(name);
          }
          target.sinceReset = null;
        }
        if (!target.initialDone) {
          target.initialDone = true;
          if (target.queryBucket !== null && target.initialDocs === 0) {
            // Firestore bills a query that returns nothing (nothing new, when resumed) as one read.
            this.tally.add("read", target.queryPath, "Listen/channel (empty query)", target.queryBucket);
          }
          for (const name of target.requested) {
            // Looking up a document that does not exist is billed as a read too.
            if (!target.docs.has(name)) this.tally.add("read", name, "Listen/channel (missing document)");
          }
        }
      }
      const token = asString(change.resumeToken);
      if (token !== undefined && target.sinceReset === null) {
        if (target.resumeToken !== null) this.resumePoints.delete(`${target.resumeToken}|${target.spec}`);
        target.resumeToken = token;
        this.resumePoints.set(`${token}|${target.spec}`, new Map(target.docs));
      }
    }
  }

  /** A REST call with its (decoded) request and response bodies; `via` names it in count events. */
  rest(method: string, url: URL, status: number, requestBody: string, responseBody: string, via?: string): void {
    countRest(this.tally, { method, url, status, requestBody, responseBody, via });
  }
}
