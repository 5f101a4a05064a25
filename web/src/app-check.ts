import type { FirebaseApp } from "firebase/app";
import { getToken, initializeAppCheck, ReCaptchaEnterpriseProvider, type AppCheck } from "firebase/app-check";

/**
 * Firebase App Check for the web app: with a reCAPTCHA Enterprise site key configured
 * (VITE_APP_CHECK_SITE_KEY, see README "Security model"), every request to Firestore and the
 * callable functions carries a token that says it comes from this site; a project that enforces
 * App Check refuses requests without one. Without a key (the local emulator) nothing happens.
 */
let appCheck: AppCheck | null = null;

/** The configured site key, or null when App Check is not in use (always so against the emulator). */
export function appCheckSiteKey(env: ImportMetaEnv = import.meta.env): string | null {
  const key = (env.VITE_APP_CHECK_SITE_KEY as string | undefined)?.trim();
  return key && env.VITE_FIREBASE_CONFIG ? key : null;
}

/**
 * Starts App Check for `app` when a site key is configured. Call it right after initializeApp(),
 * before Firestore or Functions send anything, so the first request carries a token.
 */
export function initAppCheck(app: FirebaseApp, env: ImportMetaEnv = import.meta.env): void {
  const key = appCheckSiteKey(env);
  if (!key || appCheck) return;
  appCheck = initializeAppCheck(app, {
    provider: new ReCaptchaEnterpriseProvider(key),
    isTokenAutoRefreshEnabled: true,
  });
}

/**
 * A current token, for requests the SDKs do not make themselves (the keepalive leave in
 * unload-leave.ts sends it as `X-Firebase-AppCheck`); null without App Check or when none can be had.
 */
export async function appCheckToken(): Promise<string | null> {
  if (!appCheck) return null;
  try {
    return (await getToken(appCheck)).token;
  } catch {
    return null;
  }
}
