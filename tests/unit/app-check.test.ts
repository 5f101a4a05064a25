import { HttpsError } from "firebase-functions/v2/https";
import { describe, expect, it } from "vitest";
import { appCheckEnforced, requireAppCheck } from "../../functions/src/callable/app-check";
import { appCheckSiteKey } from "../../web/src/app-check";

describe("App Check on the callables", () => {
  it("is enforced only when configured, and never under the emulator", () => {
    expect(appCheckEnforced({}, () => true)).toBe(true);
    expect(appCheckEnforced({}, () => false)).toBe(false);
    expect(appCheckEnforced({ FUNCTIONS_EMULATOR: "true" }, () => true)).toBe(false);
  });

  it("refuses a request without a verified token while enforced, with a sentence", () => {
    let err: unknown;
    try {
      requireAppCheck({ app: undefined }, true);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HttpsError);
    expect(err).toMatchObject({
      code: "unauthenticated",
      message: "This app could not be verified (App Check). Reload the page and try again.",
    });
  });

  it("lets a request with a verified token through, and any request while not enforced", () => {
    expect(() => requireAppCheck({ app: { appId: "1:2:web:3", token: { app_id: "x" } as never } }, true)).not.toThrow();
    expect(() => requireAppCheck({ app: undefined }, false)).not.toThrow();
  });
});

describe("App Check in the web app", () => {
  const env = (vars: Record<string, string>) => vars as unknown as ImportMetaEnv;

  it("starts only with a site key and a real project (never against the emulator)", () => {
    expect(appCheckSiteKey(env({ VITE_APP_CHECK_SITE_KEY: "6Lc-key", VITE_FIREBASE_CONFIG: "{}" }))).toBe("6Lc-key");
    expect(appCheckSiteKey(env({ VITE_FIREBASE_CONFIG: "{}" }))).toBeNull();
    expect(appCheckSiteKey(env({ VITE_APP_CHECK_SITE_KEY: "  ", VITE_FIREBASE_CONFIG: "{}" }))).toBeNull();
    expect(appCheckSiteKey(env({ VITE_APP_CHECK_SITE_KEY: "6Lc-key" }))).toBeNull();
  });
});
