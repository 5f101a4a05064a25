import { preview, build, type PreviewServer } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface WebAppOptions {
  port?: number;
  /** Where to build; a separate folder per variant, so variants never overwrite each other. */
  outDir?: string;
  /** VITE_EMULATOR_PORTS for this build (see web/src/config.ts). */
  emulatorPorts?: string;
  /** VITE_PRESENCE_STALE_SECONDS for this build: a shorter staleness limit (and so heartbeat) for a test. */
  presenceStaleSeconds?: number;
}

/** Builds the web app and serves it on 127.0.0.1 with the SPA fallback. */
export async function serveWebApp(options: WebAppOptions = {}): Promise<{ url: string; close(): Promise<void> }> {
  // FIRECALL_WEB_PORT moves the default when another test run already serves on 4173.
  const port = options.port ?? Number(process.env.FIRECALL_WEB_PORT ?? 4173);
  const outDir = options.outDir ?? `${root}/web/dist`;
  const previous = process.env.VITE_EMULATOR_PORTS;
  const previousNodeEnv = process.env.NODE_ENV;
  if (options.emulatorPorts) process.env.VITE_EMULATOR_PORTS = options.emulatorPorts;
  if (options.presenceStaleSeconds) process.env.VITE_PRESENCE_STALE_SECONDS = String(options.presenceStaleSeconds);
  // Vitest sets NODE_ENV=test, which would make Vite bundle Lit's development build.
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: `${root}/web`,
      configFile: `${root}/vite.config.ts`,
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = previousNodeEnv;
    delete process.env.VITE_PRESENCE_STALE_SECONDS;
    if (previous === undefined) delete process.env.VITE_EMULATOR_PORTS;
    else process.env.VITE_EMULATOR_PORTS = previous;
  }
  const server: PreviewServer = await preview({
    root: `${root}/web`,
    configFile: `${root}/vite.config.ts`,
    build: { outDir },
    preview: { host: "127.0.0.1", port, strictPort: true },
    logLevel: "warn",
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}
