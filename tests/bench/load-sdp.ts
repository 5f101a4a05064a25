// Session descriptions and ICE candidates of the size Chromium makes, for the load bench's
// signaling-only clients: an offer and an answer captured from Chromium 156 (audio, video and a
// data channel, as the app negotiates), with fresh ICE credentials per use.
import { readFileSync } from "node:fs";
import type { IceCandidateData } from "@firecall/model";
import { randomId } from "../../web/src/call/sdp.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const TEMPLATES = { offer: fixture("chromium-offer.sdp"), answer: fixture("chromium-answer.sdp") };

/** A Chromium-sized offer or answer with its own ICE username fragment and password. */
export function sessionDescription(type: "offer" | "answer"): string {
  const ufrag = randomId().slice(0, 4);
  const pwd = `${randomId()}${randomId()}`.slice(0, 24);
  return TEMPLATES[type]
    .replace(/^a=ice-ufrag:.*$/gm, `a=ice-ufrag:${ufrag}`)
    .replace(/^a=ice-pwd:.*$/gm, `a=ice-pwd:${pwd}`);
}

/** What Chromium gathers on a home network: host candidates (UDP, TCP) and a server-reflexive one. */
export function gatheredCandidates(): IceCandidateData[] {
  const ufrag = randomId().slice(0, 4);
  const port = () => 40_000 + Math.floor(Math.random() * 20_000);
  const id = () => Math.floor(Math.random() * 4_000_000_000);
  const lines = [
    `candidate:${id()} 1 udp 2122260223 192.168.1.23 ${port()} typ host generation 0 ufrag ${ufrag} network-id 1 network-cost 10`,
    `candidate:${id()} 1 udp 2122194687 10.8.0.6 ${port()} typ host generation 0 ufrag ${ufrag} network-id 2 network-cost 50`,
    `candidate:${id()} 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0 ufrag ${ufrag} network-id 1 network-cost 10`,
    `candidate:${id()} 1 udp 1686052607 203.0.113.57 ${port()} typ srflx raddr 192.168.1.23 rport ${port()} generation 0 ufrag ${ufrag} network-id 1 network-cost 10`,
  ];
  return lines.map((candidate) => ({ candidate, sdpMid: "0", sdpMLineIndex: 0 }));
}
