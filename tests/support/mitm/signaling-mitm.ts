// A man in the middle on the signaling path, as a compromised project could be: with admin rights
// on Firestore it rewrites what each participant reads, so that each connects to the relay page.
//
// Each participant writes only its own signals document and reads the other's. So the creator's
// document is rewritten to carry the relay's offer (the joiner reads and answers it), and the
// joiner's to carry the relay's answer to the creator's offer (the creator reads and applies it).
// Sessions, join times and presence stay untouched, so neither page notices anything.
//
// The rewrite follows each write of the owner, so there are moments when the other side reads
// the true contents. The sequencing makes them harmless:
// - the creator's document is rewritten before the joiner takes a seat (only then may it read);
// - the rewritten offer keeps the creator's seq, so the creator's true offer is never new to the
//   joiner; the rewritten answer has ANSWER_SEQ, above the joiner's own, so its true answer is
//   never new to the creator once the rewrite is seen;
// - the relay's offer has one m-line more than the creator's, so if the creator reads the
//   joiner's true answer first, applying it fails and nothing changes;
// - true candidates read in such a moment carry the other ICE session's ufrag and are refused.
import type { DocumentSnapshot, Firestore, QuerySnapshot } from "firebase-admin/firestore";
import { CALL_RECORDS, CALLS, SIGNALS, type IceCandidateData } from "../../../functions/src/shared/call-model.js";
import type { Leg, RelayPage } from "./relay-page.js";
import { readSignalFields, signalFieldsPatch, type SignalFields } from "./signal-fields.js";

/** The description seq of the rewritten answer (the joiner's page counts from 0). */
const ANSWER_SEQ = 1000;
/** A safety bound: a rewrite loop that never settles is a bug in this helper, not a slow test. */
const MAX_REWRITES = 200;

export class SignalingMitm {
  /** Anything this helper cannot follow (a renegotiation, a rewrite that never settles). */
  readonly problems: string[] = [];
  rewrites = 0;
  private readonly latest = new Map<string, DocumentSnapshot>();
  private realOffer: string | null = null;
  private realAnswer: string | null = null;
  /** What the joiner reads in the creator's document, and the creator in the joiner's. */
  private offerToJoiner: string | null = null;
  private answerToCreator: string | null = null;
  private readonly forwarded: Record<Leg, Set<string>> = { creator: new Set(), joiner: new Set() };
  private queue: Promise<void> = Promise.resolve();
  private unsubscribe: () => void = () => {};

  private constructor(
    private readonly admin: Firestore,
    private readonly callId: string,
    private readonly creatorUid: string,
    private readonly relay: RelayPage,
  ) {}

  /** Starts intercepting the call `callId` (its creator is waiting in it). */
  static async start(admin: Firestore, callId: string, relay: RelayPage): Promise<SignalingMitm> {
    // Who created the call is on its server-only record, which an admin reads.
    const record = await admin.doc(`${CALL_RECORDS}/${callId}`).get();
    const creatorUid = record.get("createdBy") as string;
    const mitm = new SignalingMitm(admin, callId, creatorUid, relay);
    // The relay's candidates for a leg travel in the document its victim reads.
    relay.onCandidate = (leg) => mitm.enqueue(leg === "joiner" ? creatorUid : null);
    mitm.unsubscribe = admin.collection(`${CALLS}/${callId}/${SIGNALS}`).onSnapshot(
      (snap: QuerySnapshot) => {
        for (const change of snap.docChanges()) {
          mitm.latest.set(change.doc.id, change.doc);
          mitm.enqueue(change.doc.id);
        }
      },
      (err) => mitm.problems.push(`listener: ${err.message}`),
    );
    return mitm;
  }

  /**
   * Waits until the creator's document says only what the relay wants the joiner to read: every
   * candidate the creator's page gathered (`creatorCandidates`, from its local description) was
   * seen and replaced.
   */
  async untilCreatorRewritten(creatorCandidates: string[], timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let state: Record<string, boolean> = {};
    while (Date.now() < deadline) {
      await this.queue;
      const fields = readSignalFields(this.latest.get(this.creatorUid)?.data());
      const seen = new Set([...this.forwarded.creator].map(withoutUfrag));
      state = {
        relayGathered: this.relay.gathered.joiner,
        creatorCandidatesSeen: creatorCandidates.every((c) => seen.has(withoutUfrag(c))),
        offerReplaced: this.offerToJoiner !== null && fields.description?.sdp === this.offerToJoiner,
        candidatesReplaced: sameCandidates(fields.candidates, this.relay.candidates.joiner),
      };
      if (Object.values(state).every(Boolean)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `the creator's document was not rewritten in time: ${JSON.stringify(state)}; problems: ${this.problems.join("; ")}`,
    );
  }

  async stop(): Promise<void> {
    this.unsubscribe();
    await this.queue;
  }

  /** Re-examines a participant's document (null: the joiner's, whoever it is). */
  private enqueue(uid: string | null): void {
    this.queue = this.queue
      .then(async () => {
        const target = uid ?? [...this.latest.keys()].find((id) => id !== this.creatorUid);
        const snap = target ? this.latest.get(target) : undefined;
        if (!snap?.exists) return;
        if (target === this.creatorUid) await this.interceptCreator(snap);
        else await this.interceptJoiner(snap);
      })
      .catch((err: unknown) => void this.problems.push(String(err)));
  }

  private async interceptCreator(snap: DocumentSnapshot): Promise<void> {
    const fields = readSignalFields(snap.data());
    const d = fields.description;
    if (!d) return;
    if (d.sdp !== this.offerToJoiner) {
      // The creator's own words: learn them, then replace them.
      if (d.type !== "offer" || (this.realOffer !== null && d.sdp !== this.realOffer)) {
        this.problems.push(`the creator published another ${d.type}; this helper follows one offer only`);
        return;
      }
      if (this.realOffer === null) {
        this.realOffer = d.sdp;
        this.answerToCreator = await this.relay.acceptOffer(d.sdp);
        this.offerToJoiner = await this.relay.makeOffer();
      }
      await this.forward("creator", fields.candidates);
    }
    await this.rewrite(snap, {
      description: { type: "offer", sdp: this.offerToJoiner!, seq: d.seq },
      candidates: this.relay.candidates.joiner,
    });
  }

  private async interceptJoiner(snap: DocumentSnapshot): Promise<void> {
    const fields = readSignalFields(snap.data());
    const d = fields.description;
    if (!d || this.answerToCreator === null) return;
    if (d.sdp !== this.answerToCreator) {
      if (d.type !== "answer" || (this.realAnswer !== null && d.sdp !== this.realAnswer)) {
        this.problems.push(`the joiner published another ${d.type}; this helper follows one answer only`);
        return;
      }
      if (this.realAnswer === null) {
        this.realAnswer = d.sdp;
        await this.relay.acceptAnswer(d.sdp);
      }
      await this.forward("joiner", fields.candidates);
    }
    await this.rewrite(snap, {
      description: { type: "answer", sdp: this.answerToCreator, seq: ANSWER_SEQ },
      candidates: this.relay.candidates.creator,
    });
  }

  /** Hands a victim's true candidates to the relay leg that faces them. */
  private async forward(leg: Leg, candidates: IceCandidateData[]): Promise<void> {
    for (const c of candidates) {
      if (this.forwarded[leg].has(c.candidate)) continue;
      this.forwarded[leg].add(c.candidate);
      await this.relay.addCandidate(leg, c);
    }
  }

  /** Writes `wanted` over the document unless it already says that, and only over this version of it. */
  private async rewrite(snap: DocumentSnapshot, wanted: SignalFields): Promise<void> {
    const now = readSignalFields(snap.data());
    const same = now.description?.sdp === wanted.description?.sdp && now.description?.seq === wanted.description?.seq;
    if (same && sameCandidates(now.candidates, wanted.candidates)) return;
    if (++this.rewrites > MAX_REWRITES) {
      this.problems.push(`more than ${MAX_REWRITES} rewrites`);
      return;
    }
    const ref = this.admin.doc(`${CALLS}/${this.callId}/${SIGNALS}/${snap.id}`);
    // A newer write of the owner fails the precondition; its snapshot brings us back here.
    await ref.update(signalFieldsPatch(wanted), { lastUpdateTime: snap.updateTime! }).catch((err: unknown) => {
      if ((err as { code?: number }).code !== 9) throw err; // 9: FAILED_PRECONDITION
    });
  }
}

/** The SDP's a=candidate lines leave out the ufrag that onicecandidate's strings carry. */
function withoutUfrag(candidate: string): string {
  return candidate.replace(/ ufrag \S+/, "");
}

function sameCandidates(a: IceCandidateData[], b: IceCandidateData[]): boolean {
  return a.length === b.length && a.every((c, i) => c.candidate === b[i]!.candidate);
}
