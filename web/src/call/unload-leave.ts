import type { Auth } from "firebase/auth";
import { appCheckToken } from "../app-check.js";

/**
 * The leave, sent so that it survives the page going away. On pagehide the Firestore SDK's own
 * write is often lost with the page; a `keepalive` fetch to Firestore's REST API is not. The write
 * goes through the same security rules: it sets `left`, clears the signaling, stamps `updatedAt`
 * with the server's time, and names our session, so if another tab has taken the seat meanwhile
 * (a different session) the rules refuse it and that tab is untouched.
 */
export class UnloadLeave {
  private token: string | null = null;
  /** Firestore refuses requests without one once App Check is enforced (null without App Check). */
  private appCheck: string | null = null;

  constructor(
    private readonly auth: Auth,
    /** e.g. https://firestore.googleapis.com or http://127.0.0.1:8080 for the emulator. */
    private readonly restBase: string,
    private readonly projectId: string,
  ) {}

  /** Keeps a fresh ID token at hand: pagehide leaves no time to fetch one. */
  async refreshToken(): Promise<void> {
    this.token = (await this.auth.currentUser?.getIdToken()) ?? null;
    this.appCheck = await appCheckToken();
  }

  /** Fire and forget: returns at once; the browser delivers it after the page is gone. */
  send(callId: string, uid: string, session: string): void {
    if (!this.token) return;
    const database = `projects/${this.projectId}/databases/(default)`;
    const body = {
      writes: [
        {
          update: {
            name: `${database}/documents/calls/${callId}/signals/${uid}`,
            fields: {
              session: { stringValue: session },
              left: { booleanValue: true },
              target: { nullValue: null },
              description: { nullValue: null },
              candidates: { stringValue: "" }, // no candidate lines (signal-codec.ts)
            },
          },
          updateMask: { fieldPaths: ["session", "left", "target", "description", "candidates"] },
          updateTransforms: [{ fieldPath: "updatedAt", setToServerValue: "REQUEST_TIME" }],
          currentDocument: { exists: true },
        },
      ],
    };
    void fetch(`${this.restBase}/v1/${database}/documents:commit`, {
      method: "POST",
      keepalive: true,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${this.token}`,
        ...(this.appCheck ? { "x-firebase-appcheck": this.appCheck } : {}),
      },
      body: JSON.stringify(body),
    }).catch(() => {
      // The page is gone or offline: the heartbeat going silent covers this case.
    });
  }
}
