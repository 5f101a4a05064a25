import { EMPTY_TIMEOUT_BOUNDS, LIMITS, reasonOf, waitInWords, type QuotaDetails, type Reason } from "@firecall/model";

/**
 * What the start page says when a callable refuses, by the refusal's reason (@firecall/model
 * errors.ts), which travels in the error's details. The server's message is for developers and
 * never shown: reasons the page cannot act on get the caller's own fallback sentence.
 */
const REASON_SENTENCES: Partial<Record<Reason, string>> = {
  sign_in_required: "You are not signed in. Reload the page and try again.",
  app_not_verified: "This app could not be verified. Reload the page and try again.",
  invalid_start_time: "Pick the date and time the call starts.",
  start_time_out_of_range: "Pick a start time in the future, at most a year from now.",
  invalid_title: `A title is one line of text of at most ${LIMITS.titleMaxLength} characters.`,
  invalid_empty_timeout: `Pick a waiting time from ${EMPTY_TIMEOUT_BOUNDS.minSeconds} seconds to 24 hours.`,
  invalid_room_name: `A room name is 1 to ${LIMITS.roomNameMaxLength} characters long.`,
  invalid_call_id: "That is not a valid call id. A call id looks like abcd-efgh-ijkm-nopq.",
  call_not_found: "There is no call with this id. Check the link or ask for a new one.",
  not_host: "Only the host can end this call for everyone.",
  call_ended: "This call is already over.",
};

/** Opening a room gave up: it stayed full for every ask (room-entry-controller.ts). */
export const ROOM_STILL_FULL = "The room is still full. Try again later, or pick another name.";

/** The page's own sentence for a person over their creation quota, or null for any other error. */
export function quotaMessage(err: unknown): string | null {
  if (reasonOf(err) !== "quota_exceeded") return null;
  const details = (err as { details?: Partial<Record<keyof QuotaDetails, unknown>> }).details;
  const seconds = Number(details?.retryAfterSeconds);
  const when = Number.isFinite(seconds) && seconds > 0 ? `in ${waitInWords(seconds)}` : "a little later";
  return details?.quota === "rooms"
    ? `You have opened many new rooms in a short time. You can open another ${when}.`
    : `You have started many calls in a short time. You can start another ${when}.`;
}

/** The sentence for a callable's refusal, read from its reason; `fallback` for anything else. */
export function callableMessage(err: unknown, fallback: string): string {
  const quota = quotaMessage(err);
  if (quota) return quota;
  const reason = reasonOf(err);
  return (reason && REASON_SENTENCES[reason]) || fallback;
}
