import { defineConfig } from "vite";

export default defineConfig({
  root: "web",
  // .env files live at the repository root, beside package.json.
  envDir: "..",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The start page loads only Lit and itself. Auth and Functions (creating a call) and Firestore
    // (a call's listeners) are loaded on demand, each in a named, separately cacheable chunk; the
    // Firestore SDK is the largest part of the app and the start page never downloads it.
    chunkSizeWarningLimit: 500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Higher priority first: what Firestore shares with Auth, Functions and App Check (app,
            // util, component, logger) goes to the firebase chunk, so that chunk never needs
            // Firestore's. App Check belongs with the sign-in that uses it.
            {
              name: "firebase",
              priority: 2,
              test: /node_modules[\\/](firebase[\\/](app|app-check|auth|functions)|@firebase[\\/](app|app-check|auth|functions|util|component|logger)|idb|tslib)[\\/]/,
            },
            { name: "firestore", priority: 1, test: /node_modules[\\/](firebase|@firebase)[\\/]/ },
          ],
        },
      },
    },
  },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
});
