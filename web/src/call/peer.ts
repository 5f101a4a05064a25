/**
 * One RTCPeerConnection with our media attached in a fixed order (audio, video, then the chat
 * channel), so both sides' transceivers line up and an answer never needs a second round.
 */
export interface Peer {
  pc: RTCPeerConnection;
  chat: RTCDataChannel;
}

export function createPeer(config: RTCConfiguration, local: MediaStream | null, willOffer: boolean): Peer {
  const pc = new RTCPeerConnection(config);
  for (const kind of ["audio", "video"] as const) {
    const track = local?.getTracks().find((t) => t.kind === kind);
    if (track && local) pc.addTrack(track, local);
    // Without a camera or microphone we still want to see and hear the other person: an offer
    // needs a receive-only slot for it. An answer must not have one: only addTrack's slots get
    // matched to the offer, so an extra one would force a second negotiation.
    else if (willOffer) pc.addTransceiver(kind, { direction: "recvonly" });
  }
  // Negotiated with a fixed id: both sides create it the same way, no ondatachannel race.
  const chat = pc.createDataChannel("chat", { negotiated: true, id: 0, ordered: true });
  return { pc, chat };
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
