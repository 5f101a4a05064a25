// Seats and limits as people see them, in real Chromium against the emulators: the host link keeps
// its seat when two guests came first (the second guest is told the call is full), a full named
// room lets a waiting person in once someone leaves, and a person over their quota is told in words.
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CALL_RECORDS, USER_QUOTAS } from "@firecall/model";
import { client as apiClient, keyService } from "../support/api-harness.js";
import { withoutChromium, newPerson, type Person } from "../support/browser.js";
import { useBrowserAndWebApp } from "../support/browser-fixture.js";
import { createCallThroughUi, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { EmulatorClients } from "../support/emulator-clients.js";

/** Said aloud when it cannot run here (no Chromium): skipped, never passed. */
const whyNot = withoutChromium("seats and limits in the browser");

describe.skipIf(whyNot !== null)("seats and limits in the browser", () => {
  const app = useBrowserAndWebApp();
  let clients: EmulatorClients;
  const people: Person[] = [];

  beforeAll(() => {
    clients = new EmulatorClients("e2e-seats");
  });
  afterEach(async (ctx) => {
    for (const [i, who] of people.entries()) {
      if (ctx.task.result?.state === "fail") console.log(`--- person ${i} ---\n${who.logs.join("\n")}`);
      await who.context.close();
    }
    people.length = 0;
  });
  afterAll(async () => {
    await clients?.close();
  });

  async function person(): Promise<Person> {
    const who = await newPerson(app.browser, app.url);
    people.push(who);
    return who;
  }

  const alert = (who: Person) => who.page.getByRole("alert").first().textContent();

  it("keeps the host's seat from a second guest; the host link still gets in", async () => {
    await clients.clearFirestore();
    const api = apiClient((await keyService(clients).create("e2e-seats")).apiKey);
    const call = await api.createCall({ title: "Consultation", host: "Dr. Rivera", guest: "Sam" });
    const guestPath = `${new URL(call.guestUrl).pathname}?stun=none`;

    const sam = await person();
    await sam.page.goto(guestPath);
    await waitForPhase(sam.page, "ready");
    await sam.page.getByRole("button", { name: "Join" }).click();
    await waitForPhase(sam.page, "waiting");

    // Someone else with the guest link: told the call is full, and why, before any camera is used.
    const second = await person();
    await second.page.goto(guestPath);
    await waitForPhase(second.page, "error");
    expect(await alert(second)).toBe(
      "This call is full: someone already has the guest seat, and the other seat is kept for the host. Check that you opened the link you were sent.",
    );

    const host = await person();
    const hostUrl = new URL(call.hostUrl);
    await host.page.goto(`${hostUrl.pathname}${hostUrl.search}&stun=none`);
    await waitForPhase(host.page, "ready");
    await host.page.getByRole("button", { name: "Join" }).click();
    await Promise.all([waitForPhase(host.page, "connected"), waitForPhase(sam.page, "connected")]);
    const [h, s] = await Promise.all([waitForMediaFlowing(host.page), waitForMediaFlowing(sam.page)]);
    expect(h.framesDecoded).toBeGreaterThan(0);
    expect(s.framesDecoded).toBeGreaterThan(0);
    // The host sees the title (a participant may read the call's details) and may end the call.
    expect(await host.page.getByRole("button", { name: "End call for everyone" }).count()).toBe(1);
    expect(await api.getCall(call.id)).toMatchObject({ status: "open", hostClaimed: true });
    expect([...sam.errors, ...second.errors, ...host.errors]).toEqual([]);
  });

  it("tells a third person a room is full, and lets them in when someone leaves", async () => {
    const room = `Full room ${Date.now()}`;
    const [erin, frank, gina] = [await person(), await person(), await person()];
    for (const who of [erin, frank]) {
      await who.page.goto("/?stun=none");
      await who.page.getByRole("textbox", { name: "Room name" }).fill(room);
      await who.page.getByRole("button", { name: "Go" }).click();
    }
    await Promise.all([waitForPhase(erin.page, "connected"), waitForPhase(frank.page, "connected")]);

    await gina.page.goto("/?stun=none");
    await gina.page.getByRole("textbox", { name: "Room name" }).fill(room);
    await gina.page.getByRole("button", { name: "Go" }).click();
    const waiting = gina.page.locator("[data-role=room-wait]");
    await waiting.waitFor({ timeout: 15_000 });
    expect((await waiting.textContent())?.replace(/\s+/g, " ").trim()).toBe(
      `The room “${room}” is full: two people are in it. You will be let in as soon as one of them leaves.`,
    );

    await frank.page.getByRole("button", { name: "Hang up" }).click();
    await waitForPhase(frank.page, "left");
    // Gina's page asks again every few seconds: she gets Frank's seat and is with Erin.
    await Promise.all([waitForPhase(gina.page, "connected", 30_000), waitForPhase(erin.page, "connected", 30_000)]);
    expect(new URL(gina.page.url()).pathname).toBe(new URL(erin.page.url()).pathname);
    const g = await waitForMediaFlowing(gina.page);
    expect(g.framesDecoded).toBeGreaterThan(0);
    expect([...erin.errors, ...gina.errors]).toEqual([]);
  });

  it("tells a person over their quota in words when they create a call", async () => {
    const alice = await person();
    await alice.page.goto("/?stun=none");
    const first = await createCallThroughUi(alice.page);
    const uid = (await clients.admin.doc(`${CALL_RECORDS}/${first}`).get()).get("createdBy") as string;
    // As if this person had just created their whole burst: no tokens left.
    await clients.admin.doc(`${USER_QUOTAS}/${uid}`).set({
      calls: { tokens: 0, atMs: Date.now() },
      expiresAt: Timestamp.fromMillis(Date.now() + 3600_000),
    });
    await alice.page.goto("/?stun=none");
    await alice.page.getByRole("button", { name: "Create call" }).click();
    await expect
      .poll(() => alert(alice), { timeout: 10_000 })
      .toMatch(
        /^You have started many calls in a short time\. You can start another in (about \d+ minutes?|\d+ seconds?)\.$/,
      );
    const mine = await clients.admin.collection(CALL_RECORDS).where("createdBy", "==", uid).count().get();
    expect(mine.data().count).toBe(1);
  });
});
