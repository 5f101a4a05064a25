import { request, createServer, type Server } from "node:http";
import { connect } from "node:net";

/**
 * A forward HTTP proxy that lets a browser inside a network namespace reach the web server and the
 * emulators on this namespace's 127.0.0.1, and nothing else: any other target gets 403.
 */
export async function startLoopbackProxy(host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.hostname !== "127.0.0.1") {
      res.writeHead(403).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers["proxy-connection"];
    const upstream = request(
      { host: "127.0.0.1", port: target.port, path: target.pathname + target.search, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    // A browser gone mid-response (a home's link cut, the browser closed) ends the upstream
    // request too: a streaming Firestore channel left open would keep the test process alive.
    res.on("close", () => upstream.destroy());
    req.pipe(upstream);
  });
  // CONNECT tunnels (WebSocket or HTTPS), also only to 127.0.0.1.
  server.on("connect", (req, socket, head) => {
    const [h, p] = (req.url ?? "").split(":");
    if (h !== "127.0.0.1" || !p) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = connect(Number(p), "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    // Either side going away takes the other with it: a tunnel left open would keep the process
    // alive after the browser that used it is gone (as after a home's link went down).
    upstream.on("error", () => socket.destroy());
    upstream.on("close", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
    socket.on("close", () => upstream.destroy());
  });
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
