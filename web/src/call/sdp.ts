/** The ICE username fragment of a session description: it changes when ICE restarts. */
export function iceUfrag(sdp: string): string | null {
  const match = /^a=ice-ufrag:(\S+)/m.exec(sdp);
  return match ? match[1]! : null;
}

/** A random id for a session or epoch: 96 bits, URL-safe. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
