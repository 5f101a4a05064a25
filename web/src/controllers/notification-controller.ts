import type { ReactiveController, ReactiveControllerHost } from "lit";
import { loadPreferences, savePreferences } from "../media/preferences.js";
import { notificationText } from "../strings/call.js";
import { mayNotify, type AttentionEvent } from "./attention-events.js";

/** What the settings panel shows about notifications. */
export interface NotificationSetting {
  /** The browser has notifications at all (page notifications; some phones only allow them from a service worker). */
  supported: boolean;
  on: boolean;
  /** The browser refuses them for this site: only its site settings can change that. */
  blocked: boolean;
  /** The browser's permission prompt is open. */
  asking: boolean;
}

const permission = (): NotificationPermission | "unsupported" =>
  typeof Notification === "undefined" ? "unsupported" : Notification.permission;

/**
 * Notifications while the tab is in the background: the other person joined, left or wrote. The
 * browser's permission is asked only when the person turns the setting on (never on load); the
 * choice is remembered on this device. Clicking a notification brings the tab back; they close
 * when the tab is looked at again or the call page goes away.
 */
export class NotificationController implements ReactiveController {
  /** Titles of the notifications the browser reported shown (its `show` event), for tests. */
  readonly shown: string[] = [];
  private wanted = loadPreferences().notifyWhenHidden;
  private asking = false;
  private readonly open = new Set<Notification>();
  private connected = false;
  private permissionStatus: PermissionStatus | null = null;
  private readonly onPermission = () => this.host.requestUpdate();
  private readonly onVisibility = () => {
    if (document.visibilityState === "visible") this.closeAll();
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly otherName: () => string | null,
  ) {
    host.addController(this);
  }

  get setting(): NotificationSetting {
    const p = permission();
    return {
      supported: p !== "unsupported",
      on: this.wanted && p === "granted",
      blocked: p === "denied",
      asking: this.asking && p === "default",
    };
  }

  hostConnected(): void {
    document.addEventListener("visibilitychange", this.onVisibility);
    // Allowed (or blocked) later in the browser's site settings: the setting follows at once.
    void navigator.permissions
      ?.query({ name: "notifications" })
      .then((status) => {
        if (!this.connected) return;
        this.permissionStatus = status;
        status.addEventListener("change", this.onPermission);
      })
      .catch(() => {});
    this.connected = true;
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener("visibilitychange", this.onVisibility);
    this.permissionStatus?.removeEventListener("change", this.onPermission);
    this.permissionStatus = null;
    this.closeAll();
  }

  /** The setting's click: asks the browser's permission when it has not been asked (the click lets it ask). */
  async toggle(): Promise<void> {
    const p = permission();
    if (p === "unsupported") return;
    if (this.setting.on || p === "granted") return this.remember(!this.setting.on);
    // Blocked: only the browser's site settings can change that. Asking: its prompt is open.
    if (p === "denied" || this.asking) return;
    this.asking = true;
    this.host.requestUpdate();
    const answer = await Notification.requestPermission().finally(() => (this.asking = false));
    this.remember(answer === "granted");
  }

  show(event: AttentionEvent): void {
    if (!mayNotify({ setting: this.wanted, permission: permission(), visibility: document.visibilityState })) return;
    const { title, body } = notificationText(event, this.otherName());
    try {
      // One tag: a newer notification replaces the older one instead of piling up.
      const n = new Notification(title, { body, tag: "firecall-call" });
      this.open.add(n);
      n.addEventListener("show", () => this.shown.push(title));
      n.addEventListener("close", () => this.open.delete(n));
      n.addEventListener("click", () => {
        window.focus();
        n.close();
      });
    } catch (err) {
      // Some browsers (Chrome on Android) only show notifications from a service worker.
      console.warn("could not show a notification:", err);
    }
  }

  private remember(on: boolean): void {
    this.wanted = on;
    savePreferences({ notifyWhenHidden: on });
    this.host.requestUpdate();
  }

  private closeAll(): void {
    for (const n of this.open) n.close();
    this.open.clear();
  }
}
