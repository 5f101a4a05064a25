import { describe, expect, it } from "vitest";
import { initialConnectivity, isOnline, networkView, nextConnectivity } from "../../web/src/call/connectivity.js";

describe("our own connectivity", () => {
  it("self offline: the browser says so, or Firestore serves only its cache", () => {
    const start = nextConnectivity(initialConnectivity(0, true), { type: "snapshot", fromCache: false, now: 10 });
    expect(isOnline(start)).toBe(true);
    const browser = nextConnectivity(start, { type: "browser", online: false, now: 100 });
    expect(networkView(browser)).toEqual({ online: false, offlineSince: 100 });
    const cache = nextConnectivity(start, { type: "snapshot", fromCache: true, now: 200 });
    expect(networkView(cache)).toEqual({ online: false, offlineSince: 200 });
    expect(cache.onlineSince).toBeNull();
  });

  it("self back: both agree again, and the time we came back is kept", () => {
    let c = initialConnectivity(0, true);
    c = nextConnectivity(c, { type: "browser", online: false, now: 100 });
    c = nextConnectivity(c, { type: "snapshot", fromCache: true, now: 150 });
    c = nextConnectivity(c, { type: "browser", online: true, now: 300 });
    expect(isOnline(c)).toBe(false); // the listener has not heard from the server yet
    c = nextConnectivity(c, { type: "snapshot", fromCache: false, now: 400 });
    expect(c).toMatchObject({ onlineSince: 400, offlineSince: null });
  });

  it("trusts the browser before the first snapshot", () => {
    expect(isOnline(initialConnectivity(0, true))).toBe(true);
    expect(isOnline(initialConnectivity(0, false))).toBe(false);
  });
});
