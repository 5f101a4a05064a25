// What a counter remembers of one stream (a WebChannel session or a gRPC call): which messages it
// has seen, which writes await their confirmation, and what each listen target has delivered.

export interface TargetState {
  /** Key for resume-token lookups: the target's query or documents, as JSON. */
  spec: string;
  /** Bucket of the queried collection, for a query target; null for a documents target. */
  queryBucket: string | null;
  queryPath: string;
  /** Names asked for by a documents target (a getDoc / doc listener). */
  requested: string[];
  /** Document name -> updateTime of the version this target has delivered. */
  docs: Map<string, string>;
  /** Documents delivered since a RESET, until the next CURRENT; null when no RESET is open. */
  sinceReset: Set<string> | null;
  /** New document versions delivered before the first CURRENT. */
  initialDocs: number;
  initialDone: boolean;
  resumeToken: string | null;
}

export interface ChannelSession {
  kind: "Listen" | "Write";
  lastMapId: number;
  lastArrayId: number;
  /** Write: the first server message of a stream answers the handshake. */
  handshakeDone: boolean;
  /** Write: buckets of the documents of each sent, unconfirmed write message, in order. */
  pendingWrites: string[][];
  /** Listen: targets by id. */
  targets: Map<number, TargetState>;
}

export function newSession(kind: "Listen" | "Write", midStream: boolean): ChannelSession {
  return {
    kind,
    lastMapId: -1,
    lastArrayId: -1,
    handshakeDone: midStream,
    pendingWrites: [],
    targets: new Map(),
  };
}

export function newTarget(
  spec: string,
  queryBucket: string | null,
  queryPath: string,
  requested: string[] = [],
): TargetState {
  return {
    spec,
    queryBucket,
    queryPath,
    requested,
    docs: new Map(),
    sinceReset: null,
    initialDocs: 0,
    initialDone: false,
    resumeToken: null,
  };
}
