// Scheduling, the lobby, ending a call for everyone and expiry, through the UI in real Chromium
// against the emulators. Time-dependent steps move the call's times (as a reschedule would) or run
// the sweep with a later clock, so nothing waits for minutes.
import { Timestamp } from "firebase-admin/firestore";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CallStore } from "../../functions/src/store/call-store";
import { LifecycleService } from "../../functions/src/service/lifecycle-service";
import { CALLS } from "@firecall/model";
import { newPerson, type Person, withoutChromium } from "../support/browser.js";
import { createCallThroughUi, statusText, waitForMediaFlowing, waitForPhase } from "../support/call-page.js";
import { EmulatorClients, functionsEnv } from "../support/emulator-clients.js";
import { useBrowserAndWebApp } from "../support/browser-fixture.js";

const canRun = withoutChromium("call lifecycle in the browser") === null;

describe.skipIf(!canRun)("call lifecycle in the browser", () => {
  const app = useBrowserAndWebApp();
  let clients: EmulatorClients;
  const people: Person[] = [];

  beforeAll(async () => {
    clients = new EmulatorClients("e2e-lifecycle");
  });

  afterEach(async (ctx) => {
    for (const [i, who] of people.entries()) {
      if (ctx.task.result?.state === "fail") {
        const phase = await who.page
          .locator("fc-call-page")
          .getAttribute("data-phase")
          .catch(() => null);
        console.log(`--- person ${i}: phase ${phase} ---\n${who.logs.join("\n")}`);
      }
      await who.context.close();
    }
    people.length = 0;
  });

  afterAll(async () => {
    await clients?.close();
  });

  async function person(): Promise<Person> {
    const p = await newPerson(app.browser, app.url);
    people.push(p);
    return p;
  }

  async function joinByLink(who: Person, callId: string): Promise<void> {
    await who.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(who.page, "ready");
    await who.page.getByRole("button", { name: "Join" }).click();
  }

  /** Polls the signals until both say left; returns the later leave time. Bounded. */
  async function waitForBothLeft(callId: string): Promise<number> {
    for (let i = 0; i < 200; i++) {
      const docs = (await clients.admin.collection(`${CALLS}/${callId}/signals`).get()).docs;
      if (docs.length === 2 && docs.every((d) => d.get("left") === true)) {
        return Math.max(...docs.map((d) => (d.get("updatedAt") as Timestamp).toMillis()));
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("both leaves were not stored within 10 s");
  }

  /** Alice creates a call through the UI, Bob joins it by its link; both end up connected. */
  async function callInProgress(): Promise<{ alice: Person; bob: Person; callId: string }> {
    const alice = await person();
    const bob = await person();
    await alice.page.goto("/?stun=none");
    const callId = await createCallThroughUi(alice.page);
    await joinByLink(bob, callId);
    await waitForPhase(alice.page, "connected");
    await waitForPhase(bob.page, "connected");
    return { alice, bob, callId };
  }

  const alertText = (who: Person) => who.page.getByRole("alert").first().textContent();

  it("schedules a call in local time with a calendar file; both wait in the lobby and are let in at the start", async () => {
    const alice = await person();
    const bob = await person();
    await alice.page.goto("/?stun=none");
    await alice.page.getByRole("radio", { name: "Schedule for later" }).check();
    const picked = await alice.page.getByLabel("Starts at (your time zone)").inputValue();
    expect(picked).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
    expect(await alice.page.locator("[data-role=start-preview]").textContent()).toMatch(/^Starts .+ \(.+\)$/);
    await alice.page.getByLabel("Title (optional)").fill("Weekly sync");
    await alice.page.getByRole("button", { name: "Schedule call" }).click();
    await waitForPhase(alice.page, "lobby");
    const callId = (await alice.page.locator("[data-role=call-id]").textContent()) ?? "";
    expect(await alice.page.getByRole("timer").textContent()).toMatch(/^\d{2}:\d{2}(:\d{2})?$/);

    // The calendar file: the picked local time in UTC, the title and the join link.
    const stored = (await clients.storedCalls()).get(callId)!;
    const startsAt = (stored.startsAt as Timestamp).toDate();
    const href = await alice.page.getByRole("link", { name: "Add to calendar" }).getAttribute("href");
    const ics = decodeURIComponent(href!.replace(/^data:text\/calendar;charset=utf-8,/, ""));
    expect(ics).toContain(`DTSTART:${startsAt.toISOString().replace(/[-:]/g, "").replace(".000", "")}\r\n`);
    expect(ics).toContain("SUMMARY:Weekly sync\r\n");
    expect(ics).toContain(`URL:${app.url}/c/${callId}\r\n`);
    expect(stored).toMatchObject({ status: "scheduled", title: "Weekly sync" });

    // Bob opens the link early: lobby, no way in.
    await bob.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(bob.page, "lobby");
    expect(await bob.page.getByRole("button", { name: "Join" }).count()).toBe(0);
    expect(await bob.page.getByRole("button", { name: "Cancel this call" }).count()).toBe(0);

    // The host moves the start to a few seconds from now; both pages follow and enter on their own.
    await clients.moveStart(callId, Date.now() + 4000);
    await waitForPhase(alice.page, ["waiting", "connecting", "connected"], 30_000);
    await waitForPhase(bob.page, "connected", 30_000);
    await waitForPhase(alice.page, "connected", 30_000);
    const [a, b] = await Promise.all([waitForMediaFlowing(alice.page), waitForMediaFlowing(bob.page)]);
    expect(a.framesDecoded).toBeGreaterThan(0);
    expect(b.framesDecoded).toBeGreaterThan(0);
    expect([...alice.errors, ...bob.errors]).toEqual([]);
    // No sweep ran: the first join after the start opens the call (its trigger runs a moment later),
    // so the record says what happened.
    const call = await clients.waitForCall(callId, (c) => c.status === "open", "the first join to open the call");
    expect(call.openedAt).toEqual(expect.any(Timestamp));
  });

  it("lets the host cancel a scheduled call from the lobby; the guest is told", async () => {
    const alice = await person();
    const bob = await person();
    await alice.page.goto("/?stun=none");
    await alice.page.getByRole("radio", { name: "Schedule for later" }).check();
    await alice.page.getByRole("button", { name: "Schedule call" }).click();
    await waitForPhase(alice.page, "lobby");
    const callId = (await alice.page.locator("[data-role=call-id]").textContent()) ?? "";
    await bob.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(bob.page, "lobby");
    await alice.page.getByRole("button", { name: "Cancel this call" }).click();
    await waitForPhase(bob.page, "error", 10_000);
    expect(await alertText(bob)).toBe("This call was cancelled by its host.");
    expect((await clients.storedCalls()).get(callId)).toMatchObject({ status: "cancelled", endReason: "cancelled" });
  });

  it("lets only the host end the call for both, within 2 seconds; later joins are refused", async () => {
    const { alice, bob, callId } = await callInProgress();
    expect(await bob.page.getByRole("button", { name: "End call for everyone" }).count()).toBe(0);
    // The emulator boots a worker on a function's first invocation (seconds on a busy machine), which
    // a deployed, warm function does not: warm endCall with a refused call before timing the real one.
    const warm = await clients.client();
    await expect(warm.call("endCall", { callId: "zzzz-zzzz-zzzz-zzzz" })).rejects.toMatchObject({
      code: "functions/not-found",
    });

    await alice.page.getByRole("button", { name: "End call for everyone" }).click();
    const confirm = alice.page.getByRole("button", { name: "End it for everyone" });
    await confirm.waitFor();
    const started = Date.now();
    await confirm.click();
    await Promise.all([waitForPhase(alice.page, "ended", 10_000), waitForPhase(bob.page, "ended", 10_000)]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await alertText(bob)).toBe("The call was ended by its host.");
    expect(await alertText(alice)).toBe("The call was ended by its host (you).");

    const carol = await person();
    await carol.page.goto(`/c/${callId}?stun=none`);
    await waitForPhase(carol.page, "error", 10_000);
    expect(await alertText(carol)).toBe("This call has ended.");
    await bob.page.reload();
    await waitForPhase(bob.page, "error", 10_000);
    expect(await alertText(bob)).toBe("This call has ended.");
  });

  it("counts a closed tab as left: the other side sees it and the grace period starts", async () => {
    const { alice, bob, callId } = await callInProgress();
    const bobUid = await bob.page.evaluate(
      () => (window.__firecall?.client as unknown as { deps: { uid: string } } | undefined)?.deps.uid ?? "",
    );
    // Closing the tab fires pagehide, which sends the leave (a bye on the channel, left in Firestore).
    await bob.page.close({ runBeforeUnload: true });
    await waitForPhase(alice.page, "waiting", 5000);
    expect(await statusText(alice.page)).toBe("The other person left the call. Waiting for them to come back…");
    for (let i = 0; i < 100; i++) {
      const left = (await clients.admin.doc(`${CALLS}/${callId}/signals/${bobUid}`).get()).get("left");
      if (left === true) break;
      if (i === 99) throw new Error("bob's document never said left");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Alice is still there, so the call does not start expiring (the trigger runs asynchronously).
    const call = await clients.waitForCall(callId, (c) => c.expiresAt === null, "no expiry while alice is in");
    expect(call).toMatchObject({ status: "open", expiresAt: null });
  });

  it("expires a call both people left, and then says so to anyone who comes", async () => {
    const { alice, bob, callId } = await callInProgress();
    await alice.page.getByRole("button", { name: "Hang up" }).click();
    await bob.page.getByRole("button", { name: "Hang up" }).click();
    // Both documents say left; the trigger then sets expiresAt to the last leave plus the grace period.
    const grace = Number(functionsEnv().CALL_EMPTY_TIMEOUT_SECONDS);
    const lastLeave = await waitForBothLeft(callId);
    const call = await clients.waitForCall(
      callId,
      (c) => (c.expiresAt as Timestamp | null)?.toMillis() === lastLeave + grace * 1000,
      "expiresAt = last leave + grace",
    );
    const expiresAt = (call.expiresAt as Timestamp).toMillis();
    const lifecycle = new LifecycleService(new CallStore(clients.admin), {
      unusedTimeoutSeconds: Number(functionsEnv().CALL_UNUSED_TIMEOUT_SECONDS),
    });
    // (Calls left over from earlier tests in this file may expire too; only this one matters here.)
    expect((await lifecycle.sweep(expiresAt - 1000)).expired).not.toContain(callId);
    expect((await lifecycle.sweep(expiresAt)).expired).toContain(callId);

    await alice.page.getByRole("button", { name: "Rejoin" }).click();
    await waitForPhase(alice.page, "error", 10_000);
    expect(await alertText(alice)).toBe("This call has expired: everyone had left it. Ask for a new link.");
    expect(await statusText(bob.page)).toBe("You left the call.");
  });
});
