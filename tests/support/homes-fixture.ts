import type { ChildProcess } from "node:child_process";
import type { Browser } from "playwright-core";
import type { Coturn } from "../../scripts/local-turn.mjs";
import { chromiumAvailable, launchChromium, newPerson, type Person } from "./browser.js";
import { startLoopbackProxy } from "./http-proxy.js";
import { chromiumLauncher, createHomes, destroyHomes, forwardUdp, netnsUnavailable, type Home } from "./netns.js";
import { relayConfigured, startRelay, TURN_PORT } from "./relay.js";
import { serveWebApp, type WebAppOptions } from "./web-server.js";

/** Why two people in two network homes cannot be set up here, or null when they can. */
export function homesUnavailable(): string | null {
  if (!chromiumAvailable()) return "Chromium is not installed";
  if (!relayConfigured()) return "coturn is not installed";
  return netnsUnavailable();
}

export interface TwoHomes {
  homes: Home[];
  alice: Person;
  bob: Person;
  web: { url: string };
  teardown(): Promise<void>;
}

/**
 * Alice and Bob, each with a Chromium inside a network home of their own (see netns.ts): the web
 * app and the emulators through a loopback proxy on the home's control link, coturn in the root
 * namespace on its media link, and no route between the homes.
 */
export async function setUpTwoHomes(webOptions: WebAppOptions = {}): Promise<TwoHomes> {
  const homes = createHomes();
  const cleanups: (() => Promise<void> | void)[] = [];
  const browsers: Browser[] = [];
  let relay: Coturn | null = null;
  const teardown = async () => {
    for (const browser of browsers.splice(0)) await browser.close().catch(() => {});
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await relay?.stop();
    relay = null;
    destroyHomes(homes);
  };
  try {
    const web = await serveWebApp(webOptions);
    cleanups.push(() => web.close());
    // One coturn in the root namespace, reachable from both homes on their media links.
    relay = await startRelay(
      homes.map((h) => h.mediaRoot),
      ["10.251.0.0-10.251.255.255"],
    );
    const people: Person[] = [];
    for (const home of homes) {
      // The app's TURN URL is turn:127.0.0.1:<port>; inside a home that address is forwarded to
      // the relay, like a port forward on a home router.
      const forward: ChildProcess = await forwardUdp(home, `127.0.0.1:${TURN_PORT}`, `${home.mediaRoot}:${TURN_PORT}`);
      cleanups.push(() => void forward.kill("SIGKILL"));
      const proxy = await startLoopbackProxy(home.controlRoot);
      cleanups.push(() => proxy.close());
      const launcher = chromiumLauncher(home);
      cleanups.push(() => launcher.remove());
      const browser = await launchChromium(
        [`--proxy-server=${proxy.url}`, "--proxy-bypass-list=<-loopback>"],
        launcher.path,
      );
      browsers.push(browser);
      people.push(await newPerson(browser, web.url));
    }
    const [alice, bob] = people as [Person, Person];
    return { homes, alice, bob, web, teardown };
  } catch (err) {
    await teardown();
    throw err;
  }
}
