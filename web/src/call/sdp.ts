import type { IceCandidateData } from "@firecall/model";

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

/** An SDP attribute line may carry printable ASCII only: nothing can end it early or add a line. */
const PRINTABLE = /^[ -~]+$/;

/**
 * `sdp` with the other side's candidates written into their m-sections (`a=candidate:` lines),
 * so that one setRemoteDescription applies both and ICE checks start at once. Candidates whose
 * section the SDP lacks, or whose text is not plain printable ASCII, come back in `rest`.
 */
export function withCandidates(
  sdp: string,
  candidates: readonly IceCandidateData[],
): { sdp: string; rest: IceCandidateData[] } {
  const sections: string[][] = [[]];
  for (const line of sdp.split("\r\n")) {
    if (line.startsWith("m=")) sections.push([]);
    sections[sections.length - 1]!.push(line);
  }
  const trailer = sections[sections.length - 1]!.at(-1) === "" ? sections[sections.length - 1]!.pop() : undefined;
  const media = sections.slice(1);
  const rest: IceCandidateData[] = [];
  for (const c of candidates) {
    const byMid = c.sdpMid === null ? -1 : media.findIndex((s) => s.includes(`a=mid:${c.sdpMid}`));
    const index = byMid >= 0 ? byMid : (c.sdpMLineIndex ?? -1);
    const section = media[index];
    if (!section || !PRINTABLE.test(c.candidate) || !c.candidate.startsWith("candidate:")) rest.push(c);
    else section.push(`a=${c.candidate}`);
  }
  const lines = sections.flat();
  if (trailer !== undefined) lines.push(trailer);
  return { sdp: lines.join("\r\n"), rest };
}
