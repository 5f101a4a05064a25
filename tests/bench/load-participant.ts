// One person of a signaling-only call for the load bench: the Firebase web SDK in Node (its own
// app, so its own anonymous user), and the app's own signaling modules (call requests, directory,
// FirestoreSignaling, SignalWriter, interpretRemote), so a change of the protocol changes what is
// measured. No WebRTC: the descriptions and candidates are of the size Chromium makes.
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import { connectAuthEmulator, getAuth, signInAnonymously } from "firebase/auth";
import { connectFirestoreEmulator, doc, getDoc, initializeFirestore, type Firestore } from "firebase/firestore";
import { connectFunctionsEmulator, getFunctions } from "firebase/functions";
import {
  CALLS,
  DEFAULT_PARTICIPANT_STATE,
  type CallDoc,
  type CallRequest,
  type IceCandidateData,
  type SignalDoc,
} from "@firecall/model";
import { CallDirectory } from "../../web/src/call/call-directory.js";
import { CallRequests } from "../../web/src/call/call-requests.js";
import { freshTracker, interpretRemote } from "../../web/src/call/remote-signal.js";
import { randomId } from "../../web/src/call/sdp.js";
import { SignalWriter, TARGET_WRITE_MS } from "../../web/src/call/signal-writer.js";
import { FirestoreSignaling } from "../../web/src/call/signaling.js";
import { sessionDescription } from "./load-sdp.js";

export interface Endpoints {
  /** Where the clients' Firestore traffic goes (the gRPC meter in front of the emulator). */
  firestore: { host: string; port: number };
  auth: string;
  functions: { host: string; port: number };
}

let appCount = 0;

/** Resolves when `check` is true, checking on every `poke`; rejects after `timeoutMs`. */
function until(check: () => boolean, timeoutMs: number, what: string): { promise: Promise<void>; poke(): void } {
  let poke = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
    poke = () => {
      if (!check()) return;
      clearTimeout(timer);
      resolve();
    };
  });
  return { promise, poke: () => poke() };
}

export class LoadParticipant {
  readonly session = randomId();
  uid = "";
  private readonly app: FirebaseApp;
  private readonly db: Firestore;
  private readonly requests: CallRequests;
  private readonly directory: CallDirectory;
  private signaling: FirestoreSignaling | null = null;
  private writer: SignalWriter | null = null;
  private tracker = freshTracker();
  private remote: SignalDoc | null = null;
  private listening = false;
  private readonly waiters = new Set<() => void>();
  /** performance.now() when the other side's answer reached this side's listener. */
  answerSeenAt: number | null = null;
  /** Heartbeats written so far. */
  heartbeats = 0;
  /** What went wrong (a denied write, a listener error): a setup with any is a failed one. */
  errors: string[] = [];

  constructor(endpoints: Endpoints) {
    this.app = initializeApp(
      { projectId: "demo-firecall", apiKey: "demo-api-key", appId: "load" },
      `load-${++appCount}`,
    );
    const auth = getAuth(this.app);
    connectAuthEmulator(auth, `http://${endpoints.auth}`, { disableWarnings: true });
    const functions = getFunctions(this.app, "us-central1");
    connectFunctionsEmulator(functions, endpoints.functions.host, endpoints.functions.port);
    this.requests = new CallRequests(functions);
    this.db = initializeFirestore(this.app, {});
    connectFirestoreEmulator(this.db, endpoints.firestore.host, endpoints.firestore.port);
    this.directory = new CallDirectory(this.db, functions);
  }

  async signIn(): Promise<void> {
    this.uid = (await signInAnonymously(getAuth(this.app))).user.uid;
  }

  createCall(request: CallRequest): Promise<{ id: string }> {
    return this.requests.scheduleCall(request);
  }

  /** What the join screen does: check the call, take a seat, fetch ICE servers, start listening. */
  async open(callId: string): Promise<void> {
    const access = await this.directory.checkAccess(callId, this.uid);
    this.signaling = new FirestoreSignaling(this.db, callId, this.uid, this.session);
    if (!access.seated) await this.signaling.claimSeat();
    this.writer = new SignalWriter(this.signaling, {
      candidateDelayMs: 40,
      onError: (err) => this.errors.push(`write: ${String(err)}`),
    });
    const firstSnapshot = until(() => this.remote !== null || this.listening, 30_000, "first snapshot");
    this.waiters.add(firstSnapshot.poke);
    this.signaling.listen({
      onCall: () => undefined,
      onOwn: () => undefined,
      onSource: () => undefined,
      onRemote: (remote) => this.onRemote(remote),
      onError: (err) => this.errors.push(`listen: ${String(err)}`),
    });
    await Promise.all([this.directory.iceServers(callId), firstSnapshot.promise]);
  }

  private onRemote(remote: SignalDoc | null): void {
    this.listening = true;
    if (remote) {
      const action = interpretRemote(remote, this.tracker, this.session);
      if (action.kind === "present") {
        if (action.newSession) this.tracker = { ...freshTracker(), session: remote.session };
        if (action.description && action.descriptionSeq !== null) {
          this.tracker.handledSeq = action.descriptionSeq;
          if (action.description.type === "answer") {
            this.answerSeenAt ??= performance.now();
            // As the app does (peer-session.ts): the offer to whoever came names who took it, a moment later.
            this.writer?.updateWithin({ target: remote.session }, TARGET_WRITE_MS);
          }
        }
        for (const c of action.candidates) this.tracker.seenCandidates.add(c.candidate);
      }
    }
    this.remote = remote;
    for (const poke of this.waiters) poke();
  }

  /** Waits until the other side's document holds `check`. */
  async waitForRemote(check: (remote: SignalDoc) => boolean, what: string, timeoutMs = 30_000): Promise<SignalDoc> {
    const wait = until(() => this.remote !== null && check(this.remote), timeoutMs, what);
    this.waiters.add(wait.poke);
    wait.poke();
    try {
      await wait.promise;
    } finally {
      this.waiters.delete(wait.poke);
    }
    return this.remote!;
  }

  /** The creator's join: an offer for whoever comes, then its remaining candidates, batched. */
  async joinWithOffer(candidates: IceCandidateData[]): Promise<void> {
    const description = { type: "offer" as const, sdp: sessionDescription("offer"), seq: 0 };
    const first = {
      target: null,
      description,
      candidates: candidates.slice(0, 1),
      left: false,
      participant: DEFAULT_PARTICIPANT_STATE,
    };
    await this.signaling!.publishFirst(first);
    this.writer!.hold(first);
    this.writer!.start();
    // Gathering goes on after the join write: the rest arrive within the writer's batching delay.
    this.writer!.update({ candidates }, false);
  }

  /** The newcomer's Join: the answer with every candidate in one write. Returns when it was sent. */
  async joinWithAnswer(remote: SignalDoc, candidates: IceCandidateData[]): Promise<number> {
    const signal = {
      target: remote.session,
      description: { type: "answer" as const, sdp: sessionDescription("answer"), seq: 0 },
      candidates,
      left: false,
      participant: DEFAULT_PARTICIPANT_STATE,
    };
    const sentAt = performance.now();
    await this.signaling!.publishFirst(signal);
    this.writer!.hold(signal);
    this.writer!.start();
    return sentAt;
  }

  /**
   * One heartbeat, as the page writes every HEARTBEAT_INTERVAL_MS. The bench calls it, so that a
   * heartbeat never lands in another phase's count; per call-hour it is 60 of these per person.
   */
  async heartbeatOnce(): Promise<void> {
    try {
      await this.signaling!.touch();
      this.heartbeats += 1;
    } catch (err) {
      this.errors.push(`heartbeat: ${String(err)}`);
    }
  }

  /** Hang-up as the app does it: stop the writer, say `left`, stop listening. */
  async leave(): Promise<void> {
    this.writer?.stop();
    await this.writer?.settle();
    await this.signaling?.write({
      target: null,
      description: null,
      candidates: [],
      left: true,
      participant: DEFAULT_PARTICIPANT_STATE,
    });
    this.signaling?.stopListening();
  }

  /** The call's status as this person reads it (the call document is readable when signed in). */
  async callStatus(callId: string): Promise<CallDoc["status"] | null> {
    const snap = await getDoc(doc(this.db, CALLS, callId));
    return snap.exists() ? (snap.data() as CallDoc).status : null;
  }

  async close(): Promise<void> {
    this.signaling?.stopListening();
    await deleteApp(this.app);
  }
}
