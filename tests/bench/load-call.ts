// One signaling-only call of the load bench, set up the way two browsers do it through the UI:
// the creator makes the call (scheduleCall), opens it and joins with an offer for whoever comes;
// the other opens the link, takes the second seat and joins with the answer and all its
// candidates in one write; the creator's listener receives it.
import { gatheredCandidates } from "./load-sdp.js";
import { LoadParticipant, type Endpoints } from "./load-participant.js";

/** The shortest grace period a call may have: the bench waits it out to see the call expire. */
export const LOAD_GRACE_SECONDS = 30;
const SETUP_TIMEOUT_MS = 60_000;

export interface LoadCall {
  creator: LoadParticipant;
  joiner: LoadParticipant;
  callId: string | null;
  /** The answer's write started → the creator's listener delivered it (ms). */
  answerMs: number | null;
  /** Create pressed → both sides hold everything the other sent (ms). */
  setupMs: number | null;
  failure: string | null;
}

export async function signedInCall(endpoints: Endpoints): Promise<LoadCall> {
  const call: LoadCall = {
    creator: new LoadParticipant(endpoints),
    joiner: new LoadParticipant(endpoints),
    callId: null,
    answerMs: null,
    setupMs: null,
    failure: null,
  };
  await Promise.all([call.creator.signIn(), call.joiner.signIn()]);
  return call;
}

async function steps(call: LoadCall): Promise<void> {
  const { creator, joiner } = call;
  const started = performance.now();
  const { id } = await creator.createCall({ emptyTimeoutSeconds: LOAD_GRACE_SECONDS });
  call.callId = id;
  await creator.open(id);
  const creatorCandidates = gatheredCandidates();
  await creator.joinWithOffer(creatorCandidates);
  await joiner.open(id);
  const offer = await joiner.waitForRemote((r) => r.description?.type === "offer", "the creator's offer");
  const joinerCandidates = gatheredCandidates();
  const sentAt = await joiner.joinWithAnswer(offer, joinerCandidates);
  await creator.waitForRemote(
    (r) => r.description?.type === "answer" && r.candidates.length === joinerCandidates.length,
    "the answer with its candidates",
  );
  call.answerMs = creator.answerSeenAt! - sentAt;
  // The creator's later candidates, and its offer now naming the joiner, reach the joiner.
  await joiner.waitForRemote(
    (r) => r.target === joiner.session && r.candidates.length === creatorCandidates.length,
    "the creator's candidates and target",
  );
  call.setupMs = performance.now() - started;
}

/** Sets the call up; a failure (error, rule denial, timeout) is recorded, never thrown. */
export async function setUp(call: LoadCall): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`setup took over ${SETUP_TIMEOUT_MS} ms`)), SETUP_TIMEOUT_MS);
  });
  try {
    await Promise.race([steps(call), timeout]);
    const errors = [...call.creator.errors, ...call.joiner.errors];
    if (errors.length > 0) call.failure = errors.join("; ");
  } catch (err) {
    call.failure = err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}
