// The notification controller against a fake browser boundary (Notification, document, window):
// the hidden-tab path cannot be produced in this machine's headless Chromium, whose pages always
// report "visible" (tried: another tab in front, a background tab, a minimised window).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NotificationController } from "../../web/src/controllers/notification-controller.js";

class FakeNotification extends EventTarget {
  static permission: NotificationPermission = "default";
  static answer: NotificationPermission = "granted";
  static requests = 0;
  static made: FakeNotification[] = [];
  static pending: Promise<void> | null = null;
  static requestPermission = async () => {
    FakeNotification.requests++;
    await FakeNotification.pending;
    return (FakeNotification.permission = FakeNotification.answer);
  };
  closed = false;
  constructor(
    readonly title: string,
    readonly options: NotificationOptions,
  ) {
    super();
    FakeNotification.made.push(this);
  }
  close() {
    this.closed = true;
    this.dispatchEvent(new Event("close"));
  }
}

const page = new EventTarget() as EventTarget & { visibilityState: DocumentVisibilityState };
const host = { addController: vi.fn(), requestUpdate: vi.fn() };

function controller() {
  const c = new NotificationController(host as never, () => "Sam");
  c.hostConnected();
  return c;
}

describe("notifications while the tab is hidden", () => {
  beforeEach(() => {
    FakeNotification.permission = "default";
    FakeNotification.answer = "granted";
    FakeNotification.requests = 0;
    FakeNotification.made = [];
    FakeNotification.pending = null;
    page.visibilityState = "hidden";
    vi.stubGlobal("Notification", FakeNotification);
    vi.stubGlobal("document", page);
    vi.stubGlobal("window", { focus: vi.fn() });
    vi.stubGlobal("navigator", {});
  });
  afterEach(() => vi.unstubAllGlobals());

  it("asks the browser only when the setting is clicked, and shows nothing before", async () => {
    const c = controller();
    c.show({ kind: "joined" });
    expect(FakeNotification.requests).toBe(0);
    expect(FakeNotification.made).toEqual([]);
    expect(c.setting).toEqual({ supported: true, on: false, blocked: false, asking: false });
    await c.toggle();
    expect(FakeNotification.requests).toBe(1);
    expect(c.setting.on).toBe(true);
    expect(host.requestUpdate).toHaveBeenCalled();
  });

  it("is off and says the browser is asking while its prompt is open; another click does not ask twice", async () => {
    let answer!: () => void;
    FakeNotification.pending = new Promise((resolve) => (answer = resolve));
    const c = controller();
    const first = c.toggle();
    expect(c.setting).toEqual({ supported: true, on: false, blocked: false, asking: true });
    await c.toggle();
    expect(FakeNotification.requests).toBe(1);
    answer();
    await first;
    expect(c.setting).toEqual({ supported: true, on: true, blocked: false, asking: false });
  });

  it("shows who joined, left or wrote while hidden; clicking one brings the tab back", async () => {
    const c = controller();
    await c.toggle();
    c.show({ kind: "message", text: "are you there?", count: 1 });
    const [n] = FakeNotification.made;
    expect(n?.title).toBe("New message from Sam");
    expect(n?.options).toMatchObject({ body: "are you there?", tag: "firecall-call" });
    n!.dispatchEvent(new Event("click"));
    expect((window as unknown as { focus: () => void }).focus).toHaveBeenCalledOnce();
    expect(n!.closed).toBe(true);
  });

  it("shows nothing while the tab is visible, and closes what it showed when the tab is looked at", async () => {
    const c = controller();
    await c.toggle();
    page.visibilityState = "visible";
    c.show({ kind: "joined" });
    expect(FakeNotification.made).toEqual([]);
    page.visibilityState = "hidden";
    c.show({ kind: "left", dropped: false });
    expect(FakeNotification.made.map((n) => n.title)).toEqual(["Sam left the call"]);
    page.visibilityState = "visible";
    page.dispatchEvent(new Event("visibilitychange"));
    expect(FakeNotification.made[0]!.closed).toBe(true);
  });

  it("stays off and says it is blocked when the browser refuses; never asks again", async () => {
    FakeNotification.answer = "denied";
    const c = controller();
    await c.toggle();
    expect(c.setting).toEqual({ supported: true, on: false, blocked: true, asking: false });
    await c.toggle();
    expect(FakeNotification.requests).toBe(1);
    c.show({ kind: "joined" });
    expect(FakeNotification.made).toEqual([]);
  });

  it("turning it off stops notifications without asking anything", async () => {
    FakeNotification.permission = "granted";
    const c = controller();
    await c.toggle();
    await c.toggle();
    expect(c.setting.on).toBe(false);
    c.show({ kind: "joined" });
    expect(FakeNotification.made).toEqual([]);
    expect(FakeNotification.requests).toBe(0);
  });
});
