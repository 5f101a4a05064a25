import type { CallDirectory } from "./call/call-directory.js";
import type { CallRequests } from "./call/call-requests.js";
import type { UnloadLeave } from "./call/unload-leave.js";
import type { AppConfig } from "./config.js";
import type { FirebaseCore, FirebaseServices } from "./firebase.js";

// This module imports no SDK: the Firebase code arrives in two chunks loaded on first use, so the
// start page's first load is Lit and the page itself. session.ts brings Auth and Functions (what
// creating a call needs); call-services.ts brings Firestore (what a call needs).

/** The signed-in person with Auth and Functions: what the start page needs to create a call. */
export interface SessionServices {
  config: AppConfig;
  firebase: FirebaseCore;
  uid: string;
  requests: CallRequests;
}

/** Everything the call page needs from the outside world, created once per page. */
export interface AppServices {
  config: AppConfig;
  firebase: FirebaseServices;
  directory: CallDirectory;
  uid: string;
  /** The leave that survives the page going away (pagehide). */
  unloadLeave: UnloadLeave;
}

let session: Promise<SessionServices> | null = null;
let services: Promise<AppServices> | null = null;

/** Memoizes `load`; a failure (a chunk that did not download, say) is forgotten, so a retry loads again. */
function once<T>(load: () => Promise<T>, forget: () => void): Promise<T> {
  return load().catch((err: unknown) => {
    forget();
    throw err;
  });
}

/** Signs in with Auth and Functions loaded, Firestore not. */
export function sessionServices(): Promise<SessionServices> {
  session ??= once(
    () => import("./session.js").then((m) => m.openSession()),
    () => (session = null),
  );
  return session;
}

/** The session plus Firestore, the call directory and the unload leave. */
export function appServices(): Promise<AppServices> {
  services ??= once(
    async () => {
      const [s, m] = await Promise.all([sessionServices(), import("./call-services.js")]);
      return m.callServices(s);
    },
    () => (services = null),
  );
  return services;
}

/** Starts downloading the session's code (not signing in): the person is about to need it. */
export function preloadSession(): void {
  void import("./session.js").catch(() => {
    // Loaded for real (with its error shown) when the person acts.
  });
}
