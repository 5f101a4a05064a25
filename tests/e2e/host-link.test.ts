// A call made through the REST API, in real Chromium: whoever opens its host link (?host=<key>)
// gets "End call for everyone" and ends the call for both; the guest link gives no such power.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { withoutChromium, newPerson, type Person } from "../support/browser.js";
import { endCallForEveryone, waitForPhase } from "../support/call-page.js";
import { client, keyService } from "../support/api-harness.js";
import { EmulatorClients } from "../support/emulator-clients.js";
import { useBrowserAndWebApp } from "../support/browser-fixture.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("host link in the browser");

describe.skipIf(whyNot !== null)("host link in the browser", () => {
  const app = useBrowserAndWebApp();
  let clients: EmulatorClients;
  const people: Person[] = [];

  beforeAll(async () => {
    clients = new EmulatorClients("e2e-host-link");
  });
  afterEach(async () => {
    for (const who of people.splice(0)) await who.context.close();
  });
  afterAll(async () => {
    await clients?.close();
  });

  async function joinAt(path: string): Promise<Person> {
    const who = await newPerson(app.browser, app.url);
    people.push(who);
    await who.page.goto(path);
    await waitForPhase(who.page, "ready");
    await who.page.getByRole("button", { name: "Join" }).click();
    return who;
  }

  it("makes the person who opens it the host, who ends the call for both", async () => {
    await clients.clearFirestore();
    const api = client((await keyService(clients).create("e2e-clinic")).apiKey);
    const call = await api.createCall({ title: "Consultation", host: "Dr. Rivera", guest: "Sam" });
    const host = new URL(call.hostUrl);
    const hostPage = await joinAt(`${host.pathname}${host.search}&stun=none`);
    const guestPage = await joinAt(`${new URL(call.guestUrl).pathname}?stun=none`);
    await waitForPhase(hostPage.page, "connected");
    await waitForPhase(guestPage.page, "connected");
    // The key left the address bar once claimed.
    expect(new URL(hostPage.page.url()).searchParams.has("host")).toBe(false);
    expect(await api.getCall(call.id)).toMatchObject({ hostClaimed: true, status: "open" });
    expect(await guestPage.page.getByRole("button", { name: "End call for everyone" }).count()).toBe(0);

    await endCallForEveryone(hostPage.page);
    await Promise.all([waitForPhase(hostPage.page, "ended", 10_000), waitForPhase(guestPage.page, "ended", 10_000)]);
    expect(await guestPage.page.getByRole("alert").first().textContent()).toBe("The call was ended by its host.");
    expect(await hostPage.page.getByRole("alert").first().textContent()).toBe("The call was ended by its host (you).");
    expect(await api.getCall(call.id)).toMatchObject({ status: "ended", endReason: "ended_by_host" });
  });
});
