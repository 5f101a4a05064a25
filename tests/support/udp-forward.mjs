// A UDP port forward, run inside a network namespace: `node udp-forward.mjs <listen-host:port>
// <target-host:port> <lifetime-ms>`. Each client gets its own upstream socket, so replies find
// their way back. Prints "ready" once listening; exits by itself after the lifetime.
import { createSocket } from "node:dgram";
import console from "node:console";
import process from "node:process";
import { setTimeout } from "node:timers";

const [listenArg, targetArg, lifetimeArg] = process.argv.slice(2);
const split = (hostPort) => {
  const i = hostPort.lastIndexOf(":");
  return [hostPort.slice(0, i), Number(hostPort.slice(i + 1))];
};
const [listenHost, listenPort] = split(listenArg);
const [targetHost, targetPort] = split(targetArg);
const MAX_CLIENTS = 64;

const front = createSocket("udp4");
const upstreams = new Map();
front.on("error", (err) => console.error("forward:", err.message));
front.on("message", (msg, from) => {
  const key = `${from.address}:${from.port}`;
  let up = upstreams.get(key);
  if (!up) {
    if (upstreams.size >= MAX_CLIENTS) return;
    up = createSocket("udp4");
    // A broken path (link down) shows up as errors here; packets are dropped, as a router would.
    up.on("error", () => {});
    up.on("message", (reply) => front.send(reply, from.port, from.address));
    up.connect(targetPort, targetHost);
    upstreams.set(key, up);
  }
  const send = () => up.send(msg, (err) => void err);
  if (up.remoteAddress) {
    try {
      send();
    } catch {
      // not connected yet
    }
  } else up.once("connect", send);
});
front.bind(listenPort, listenHost, () => console.log("ready"));
setTimeout(() => process.exit(0), Number(lifetimeArg ?? 600_000)).unref();
