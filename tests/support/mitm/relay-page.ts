// The man in the middle's browser page: two RTCPeerConnections, one facing the call's creator
// (it answers their offer) and one facing the person who joins (it offers to them), forwarding
// audio, video and chat between the two. Each victim completes DTLS with this page, so each sees
// this page's certificate instead of the other person's.
import type { Browser } from "playwright-core";
import type { IceCandidateData } from "../../../functions/src/shared/call-model.js";
import { newPerson, type Person } from "../browser.js";

export type Leg = "creator" | "joiner";

export interface LegReport {
  /** This leg's own certificate fingerprint (what its victim sees as "the other side"). */
  localFingerprint: string | null;
  remoteFingerprint: string | null;
  connectionState: string;
  framesDecoded: number;
}

interface RelayApi {
  acceptOffer(sdp: string): Promise<string>;
  makeOffer(): Promise<string>;
  acceptAnswer(sdp: string): Promise<void>;
  addCandidate(leg: Leg, candidate: IceCandidateData): Promise<void>;
  report(leg: Leg): Promise<LegReport>;
}

declare global {
  interface Window {
    __relay?: RelayApi;
    __relayCandidate?: (leg: Leg, candidate: IceCandidateData | null) => void;
  }
}

/** Runs inside the page: self-contained (it is serialised into the page). */
function installRelay(): void {
  const report = window.__relayCandidate!;
  const make = (leg: Leg) => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    const chat = pc.createDataChannel("chat", { negotiated: true, id: 0, ordered: true });
    pc.onicecandidate = (e) => {
      const c = e.candidate;
      report(leg, c?.candidate ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null);
    };
    return { pc, chat };
  };
  const legs = { creator: make("creator"), joiner: make("joiner") };
  // Chat, including the hang-up's bye, passes through unchanged.
  const forward = (from: RTCDataChannel, to: RTCDataChannel) =>
    (from.onmessage = (e) => to.readyState === "open" && to.send(e.data as string));
  forward(legs.creator.chat, legs.joiner.chat);
  forward(legs.joiner.chat, legs.creator.chat);
  const receivedTracks = (pc: RTCPeerConnection) => pc.getTransceivers().map((t) => t.receiver.track);
  // Chromium pulls a received audio track's samples only while something plays it: without this,
  // forwarded audio would be silent.
  const play = (tracks: MediaStreamTrack[]) => {
    for (const track of tracks.filter((t) => t.kind === "audio")) {
      const audio = new Audio();
      audio.muted = true;
      audio.srcObject = new MediaStream([track]);
      void audio.play();
    }
  };

  window.__relay = {
    async acceptOffer(sdp) {
      const pc = legs.creator.pc;
      await pc.setRemoteDescription({ type: "offer", sdp });
      // Send back too: the joiner's tracks are put on these senders once they are known.
      for (const t of pc.getTransceivers()) t.direction = "sendrecv";
      await pc.setLocalDescription();
      return pc.localDescription!.sdp;
    },
    async makeOffer() {
      const pc = legs.joiner.pc;
      const fromCreator = receivedTracks(legs.creator.pc);
      play(fromCreator);
      for (const track of fromCreator) pc.addTrack(track, new MediaStream([track]));
      // One m-line more than the creator's offer: the answer the joiner writes to Firestore before
      // it is rewritten can then never be applied by the creator (the m-line counts differ).
      pc.addTransceiver("audio", { direction: "recvonly" });
      await pc.setLocalDescription();
      return pc.localDescription!.sdp;
    },
    async acceptAnswer(sdp) {
      const pc = legs.joiner.pc;
      await pc.setRemoteDescription({ type: "answer", sdp });
      const fromJoiner = receivedTracks(pc);
      play(fromJoiner);
      for (const t of legs.creator.pc.getTransceivers()) {
        const track = fromJoiner.find((r) => r.kind === t.receiver.track.kind);
        if (track) await t.sender.replaceTrack(track);
      }
    },
    async addCandidate(leg, candidate) {
      await legs[leg].pc.addIceCandidate(candidate);
    },
    async report(leg) {
      const pc = legs[leg].pc;
      const byId = new Map<string, Record<string, unknown>>();
      (await pc.getStats()).forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
      const out: LegReport = {
        localFingerprint: null,
        remoteFingerprint: null,
        connectionState: pc.connectionState,
        framesDecoded: 0,
      };
      for (const s of byId.values()) {
        if (s.type === "inbound-rtp" && s.kind === "video") out.framesDecoded += Number(s.framesDecoded ?? 0);
        if (s.type === "transport" && s.dtlsState === "connected") {
          out.localFingerprint = (byId.get(s.localCertificateId as string)?.fingerprint as string) ?? null;
          out.remoteFingerprint = (byId.get(s.remoteCertificateId as string)?.fingerprint as string) ?? null;
        }
      }
      return out;
    },
  };
}

/** The relay page, driven from the test process. */
export class RelayPage {
  /** Every candidate each leg gathered, in order; `gathered` once gathering completed. */
  readonly candidates: Record<Leg, IceCandidateData[]> = { creator: [], joiner: [] };
  readonly gathered: Record<Leg, boolean> = { creator: false, joiner: false };
  /** Called when a leg gathers a candidate (or completes gathering). */
  onCandidate: (leg: Leg) => void = () => {};

  private constructor(readonly person: Person) {}

  /** Opens the page in `browser` on the web app's origin (a secure context) and installs the relay. */
  static async open(browser: Browser, baseUrl: string): Promise<RelayPage> {
    const person = await newPerson(browser, baseUrl);
    const relay = new RelayPage(person);
    const { page } = person;
    await page.exposeFunction("__relayCandidate", (leg: Leg, candidate: IceCandidateData | null) => {
      if (candidate) relay.candidates[leg].push(candidate);
      else relay.gathered[leg] = true;
      relay.onCandidate(leg);
    });
    await page.route(`${baseUrl}/__relay`, (route) =>
      route.fulfill({ contentType: "text/html", body: "<!doctype html><title>relay</title>" }),
    );
    await page.goto(`${baseUrl}/__relay`);
    // A page that was granted the camera gets real host candidates instead of mDNS names.
    await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      for (const track of stream.getTracks()) track.stop();
    });
    await page.evaluate(installRelay);
    return relay;
  }

  acceptOffer(sdp: string): Promise<string> {
    return this.person.page.evaluate((s) => window.__relay!.acceptOffer(s), sdp);
  }

  makeOffer(): Promise<string> {
    return this.person.page.evaluate(() => window.__relay!.makeOffer());
  }

  acceptAnswer(sdp: string): Promise<void> {
    return this.person.page.evaluate((s) => window.__relay!.acceptAnswer(s), sdp);
  }

  addCandidate(leg: Leg, candidate: IceCandidateData): Promise<void> {
    return this.person.page.evaluate(([l, c]) => window.__relay!.addCandidate(l, c), [leg, candidate] as const);
  }

  report(leg: Leg): Promise<LegReport> {
    return this.person.page.evaluate((l) => window.__relay!.report(l), leg);
  }

  close(): Promise<void> {
    return this.person.context.close();
  }
}
