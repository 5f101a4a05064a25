// The signaling flow of the well-known Firestore WebRTC demos, rebuilt as the benchmark's
// reference so both are measured on the same machine under the same load: offer and answer in
// one room document, one document per ICE candidate, no seats, no auth. Not part of the app.
import { initializeApp } from "firebase/app";
import {
  addDoc,
  collection,
  connectFirestoreEmulator,
  doc,
  getDoc,
  initializeFirestore,
  onSnapshot,
  setDoc,
  updateDoc,
} from "firebase/firestore";

const search = new URLSearchParams(location.search);
const app = initializeApp({ projectId: "demo-firecall", apiKey: "demo-api-key" });
// ?transport=auto is the SDK's default (long-polling auto-detection); the default here is the
// app's own setting against the emulator (streaming, no detection), so both run alike.
const transport = search.get("transport");
const db = initializeFirestore(
  app,
  transport === "auto"
    ? {}
    : transport === "long-polling"
      ? { experimentalForceLongPolling: true }
      : { experimentalAutoDetectLongPolling: false },
);
const port = Number(search.get("firestorePort") ?? 8080);
connectFirestoreEmulator(db, "127.0.0.1", port);

const pc = new RTCPeerConnection({ iceServers: [] });
const remote = new MediaStream();
const remoteVideo = document.querySelector<HTMLVideoElement>("#remote")!;
// Attached on the first track: a media element with an empty stream would hold off the load event.
pc.ontrack = (e) => {
  remote.addTrack(e.track);
  if (!remoteVideo.srcObject) remoteVideo.srcObject = remote;
};

/** performance.now() of the first time each step happened, for BENCH_MARKS. */
const marks: Record<string, number> = {};
function mark(name: string): void {
  marks[name] ??= performance.now();
}
pc.onconnectionstatechange = () => pc.connectionState === "connected" && mark("connected");

declare global {
  interface Window {
    classic: {
      marks: Record<string, number>;
      firstFrameAt: number | null;
      gatheringState(): RTCIceGatheringState;
      create(): Promise<string>;
      prepare(): Promise<void>;
      join(id: string): Promise<number>;
    };
  }
}

async function prepare(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
  document.querySelector<HTMLVideoElement>("#local")!.srcObject = stream;
  stream.getTracks().forEach((t) => pc.addTrack(t, stream));
  remoteVideo.requestVideoFrameCallback(() => (window.classic.firstFrameAt = performance.now()));
}

async function create(): Promise<string> {
  const room = doc(collection(db, "classicRooms"));
  const offerCandidates = collection(room, "offerCandidates");
  pc.onicecandidate = (e) => void (e.candidate && addDoc(offerCandidates, e.candidate.toJSON()));
  const offer = await pc.createOffer();
  await pc.setLocalDescription(offer);
  await setDoc(room, { offer: { type: offer.type, sdp: offer.sdp } });
  onSnapshot(room, (snap) => {
    const answer = snap.data()?.answer;
    if (answer && !pc.currentRemoteDescription) {
      mark("answerSeen");
      void pc.setRemoteDescription(answer);
    }
  });
  onSnapshot(collection(room, "answerCandidates"), (snap) =>
    snap.docChanges().forEach((c) => {
      if (c.type !== "added") return;
      mark("candidateSeen");
      void pc.addIceCandidate(c.doc.data());
    }),
  );
  return room.id;
}

/** The second person joins: returns performance.now() of the moment they pressed join. */
async function join(id: string): Promise<number> {
  const pressed = performance.now();
  const room = doc(db, "classicRooms", id);
  const answerCandidates = collection(room, "answerCandidates");
  pc.onicecandidate = (e) => void (e.candidate && addDoc(answerCandidates, e.candidate.toJSON()));
  const data = (await getDoc(room)).data()!;
  mark("roomRead");
  await pc.setRemoteDescription(data.offer);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  await updateDoc(room, { answer: { type: answer.type, sdp: answer.sdp } });
  mark("answerWritten");
  onSnapshot(collection(room, "offerCandidates"), (snap) =>
    snap.docChanges().forEach((c) => {
      if (c.type !== "added") return;
      mark("candidateSeen");
      void pc.addIceCandidate(c.doc.data());
    }),
  );
  return pressed;
}

window.classic = { marks, firstFrameAt: null, gatheringState: () => pc.iceGatheringState, create, prepare, join };
