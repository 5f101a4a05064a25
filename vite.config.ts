import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
  // .env files live at the repository root, beside package.json.
  envDir: "..",
  // The Firebase SDK (auth, firestore, functions) is most of the bundle; it is one cacheable chunk.
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 900 },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
});
