import { preview, build, type PreviewServer } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds the web app once and serves it on 127.0.0.1 with the SPA fallback. */
export async function serveWebApp(port = 4173): Promise<{ url: string; close(): Promise<void> }> {
  await build({ root: `${root}/web`, configFile: `${root}/vite.config.ts`, mode: "production", logLevel: "warn" });
  const server: PreviewServer = await preview({
    root: `${root}/web`,
    configFile: `${root}/vite.config.ts`,
    preview: { host: "127.0.0.1", port, strictPort: true },
    logLevel: "warn",
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}
