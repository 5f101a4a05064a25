/**
 * One RTCPeerConnection with our media attached in a fixed order (audio, video, then the chat
 * channel), so both sides' transceivers line up and an answer never needs a second round.
 *
 * Every connection has a sending slot for audio and for video, even when we have no microphone or
 * camera (or it is off): a track that starts later (the camera turned on, another device, a
 * screen share) then takes the slot with `replaceTrack`, without a new offer.
 */
export interface Peer {
  pc: RTCPeerConnection;
  chat: RTCDataChannel;
}

export type MediaKind = "audio" | "video";
/** What we send: one track per kind, or nothing for now. */
export type OutgoingTracks = Record<MediaKind, MediaStreamTrack | null>;

export const NO_TRACKS: OutgoingTracks = { audio: null, video: null };

export function createPeer(config: RTCConfiguration, outgoing: OutgoingTracks, willOffer: boolean): Peer {
  const pc = new RTCPeerConnection(config);
  for (const kind of ["audio", "video"] as const) {
    const track = outgoing[kind];
    if (track) pc.addTrack(track);
    // An offer needs a slot for each kind (to receive the other person, and to send later). An
    // answer must not add one here: only addTrack's slots get matched to the offer, so an extra
    // one would force a second negotiation; openSendSlots opens the offer's slots instead.
    else if (willOffer) pc.addTransceiver(kind, { direction: "sendrecv" });
  }
  // Negotiated with a fixed id: both sides create it the same way, no ondatachannel race.
  const chat = pc.createDataChannel("chat", { negotiated: true, id: 0, ordered: true });
  return { pc, chat };
}

/** The slot that sends (and receives) `kind`, if the connection has one yet. */
export function slotFor(pc: RTCPeerConnection, kind: MediaKind): RTCRtpTransceiver | null {
  return pc.getTransceivers().find((t) => t.direction !== "stopped" && t.receiver.track.kind === kind) ?? null;
}

/**
 * Called after a remote offer is applied and before our answer is made: the offer's slots that
 * we would only receive on become send-and-receive, carrying our current track if we have one
 * (none yet is fine: `replaceTrack` fills the slot later without renegotiating).
 */
export function openSendSlots(pc: RTCPeerConnection, outgoing: OutgoingTracks): void {
  for (const kind of ["audio", "video"] as const) {
    const slot = slotFor(pc, kind);
    if (!slot || slot.direction !== "recvonly") continue;
    slot.direction = "sendrecv";
    const track = outgoing[kind];
    if (track && !slot.sender.track) void slot.sender.replaceTrack(track).catch(() => {});
  }
}

/** Sends `track` (or nothing) in the slot for its kind; false when there is no slot yet. */
export async function sendTrack(
  pc: RTCPeerConnection,
  kind: MediaKind,
  track: MediaStreamTrack | null,
): Promise<boolean> {
  const slot = slotFor(pc, kind);
  if (!slot) return false;
  if (slot.sender.track !== track) await slot.sender.replaceTrack(track);
  return true;
}

/** Closes everything the peer holds; safe to call twice. */
export function closePeer(peer: Peer): void {
  peer.chat.onmessage = null;
  peer.chat.onopen = null;
  peer.chat.onclose = null;
  peer.pc.onicecandidate = null;
  peer.pc.ontrack = null;
  peer.pc.onconnectionstatechange = null;
  peer.pc.onnegotiationneeded = null;
  if (peer.chat.readyState !== "closed") peer.chat.close();
  if (peer.pc.signalingState !== "closed") peer.pc.close();
}
