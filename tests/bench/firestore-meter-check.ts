// Manual check of tests/bench/firestore-meter.ts against the real Firestore emulator and the real
// firebase web SDK in Chromium (WebChannel, and WebChannel with experimentalForceLongPolling), plus
// the REST API. Each step does known operations and compares the meter's counts with what Firestore
// bills for them. Run:
//   npm run build -w functions && node scripts/with-emulators.mjs "node --import tsx tests/bench/firestore-meter-check.ts"
// It changes no security rules: pages use the emulator's "owner" token (rules bypassed) and one
// extra page with no token checks that a write the repo's rules deny is not counted.
// Scaffolding (the bundled SDK page) lives in a temp directory.
import http from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { build } from "vite";
import { launchChromium } from "../support/browser.js";
import { startFirestoreMeter, type FirestoreMeter, type MeterSnapshot } from "./firestore-meter.js";

const [targetHost = "127.0.0.1", targetPortText = "8080"] = (
  process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080"
).split(":");
const targetPort = Number(targetPortText);
const projectId = process.env.GCLOUD_PROJECT ?? "demo-firecall";
const database = `projects/${projectId}/databases/(default)`;

const PAGE_ENTRY = `
import { initializeApp } from "firebase/app";
import {
  initializeFirestore, connectFirestoreEmulator, doc, setDoc, updateDoc, deleteDoc, getDoc, getDocs, writeBatch,
  collection, onSnapshot, runTransaction, getCountFromServer, serverTimestamp,
} from "firebase/firestore";
let db;
const listeners = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
window.check = {
  init(port, longPolling, owner) {
    const app = initializeApp({ projectId: ${JSON.stringify(projectId)}, apiKey: "demo-api-key" }, "app" + Math.random());
    db = initializeFirestore(app, longPolling ? { experimentalForceLongPolling: true } : {});
    connectFirestoreEmulator(db, "127.0.0.1", port, owner ? { mockUserToken: "owner" } : {});
  },
  set: (path, data) => setDoc(doc(db, path), data),
  update: (path, data) => updateDoc(doc(db, path), data),
  del: (path) => deleteDoc(doc(db, path)),
  async batch(paths) {
    const b = writeBatch(db);
    for (const p of paths) b.set(doc(db, p), { at: serverTimestamp(), p });
    await b.commit();
  },
  async get(path) { return (await getDoc(doc(db, path))).exists(); },
  async query(path) { return (await getDocs(collection(db, path))).size; },
  async count(path) { return (await getCountFromServer(collection(db, path))).data().count; },
  async transaction(path) {
    await runTransaction(db, async (t) => {
      const snap = await t.get(doc(db, path));
      t.set(doc(db, path), { n: (snap.data()?.n ?? 0) + 1 });
    });
  },
  async listen(path, wantSize, wantVersion) {
    let last = { size: -1, versions: [] };
    if (!listeners.has(path)) {
      const state = { last, unsub: null };
      state.unsub = onSnapshot(collection(db, path), (s) => {
        state.last = { size: s.size, versions: s.docs.map((d) => d.get("v") ?? null) };
      });
      listeners.set(path, state);
    }
    const state = listeners.get(path);
    for (let i = 0; i < 200; i++) {
      const l = state.last;
      if (l.size === wantSize && (wantVersion === undefined || l.versions.includes(wantVersion))) return l.size;
      await sleep(25);
    }
    throw new Error("listener on " + path + " never reached " + wantSize + " docs: " + JSON.stringify(state.last));
  },
  unlisten(path) { listeners.get(path)?.unsub(); listeners.delete(path); },
  async denied(path) {
    try { await setDoc(doc(db, path), { x: 1 }); return "written"; } catch (e) { return e.code; }
  },
};
`;

async function bundlePage(dir: string): Promise<string> {
  const entryId = "\0meter-check-entry";
  await build({
    root: process.cwd(),
    logLevel: "silent",
    configFile: false,
    plugins: [
      {
        name: "meter-check-entry",
        resolveId: (id) => (id.endsWith("meter-check-entry") ? entryId : null),
        load: (id) => (id === entryId ? PAGE_ENTRY : null),
      },
    ],
    build: {
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      lib: { entry: "meter-check-entry", formats: ["iife"], name: "meterCheck", fileName: () => "bundle.js" },
    },
  });
  return readFileSync(join(dir, "bundle.js"), "utf8");
}

type Expected = { writes: number; reads: number; byPath: MeterSnapshot["byPath"] };
const failures: string[] = [];

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 400));
}

async function step(meter: FirestoreMeter, label: string, expected: Expected, run: () => Promise<unknown>) {
  await settle();
  meter.reset();
  const result = await run();
  await settle();
  const got = meter.snapshot();
  const ok = JSON.stringify(got) === JSON.stringify(sortKeys(expected));
  console.log(
    `${ok ? "ok  " : "FAIL"} ${label}: writes=${got.writes} reads=${got.reads} ${JSON.stringify(got.byPath)}`,
  );
  if (!ok) {
    console.log(`     expected ${JSON.stringify(sortKeys(expected))} (step returned ${JSON.stringify(result)})`);
    failures.push(label);
  }
}

function sortKeys(e: Expected): Expected {
  const byPath: Expected["byPath"] = {};
  for (const k of Object.keys(e.byPath).sort()) {
    const v = e.byPath[k];
    if (v) byPath[k] = { writes: v.writes, reads: v.reads };
  }
  return { writes: e.writes, reads: e.reads, byPath };
}

const w = (writes: number, reads = 0) => ({ writes, reads });

async function pageChecks(meter: FirestoreMeter, page: Page, mode: string, run: string) {
  const call = `calls/${run}`;
  const signals = `${call}/signals`;
  const other = `other/${run}`;
  const ev = <T>(fn: string, ...args: unknown[]) =>
    page.evaluate(
      ([f, a]) => (window as unknown as { check: Record<string, (...x: unknown[]) => Promise<T>> }).check[f]!(...a),
      [fn, args] as [string, unknown[]],
    );
  const m = `[${mode}]`;
  await step(meter, `${m} set 1 doc`, { writes: 1, reads: 0, byPath: { calls: w(1) } }, () =>
    ev("set", call, { v: 1 }),
  );
  await step(
    meter,
    `${m} writeBatch of 3 docs (one with serverTimestamp)`,
    { writes: 3, reads: 0, byPath: { "calls/*/signals": w(2), other: w(1) } },
    () => ev("batch", [`${signals}/u1`, `${signals}/u2`, other]),
  );
  await step(
    meter,
    `${m} onSnapshot on a collection of 2 docs`,
    { writes: 0, reads: 2, byPath: { "calls/*/signals": w(0, 2) } },
    () => ev("listen", signals, 2),
  );
  await step(
    meter,
    `${m} update 1 doc under that listener`,
    { writes: 1, reads: 1, byPath: { "calls/*/signals": w(1, 1) } },
    async () => {
      await ev("update", `${signals}/u1`, { v: 2 });
      return ev("listen", signals, 2, 2);
    },
  );
  await step(
    meter,
    `${m} add 1 doc under that listener`,
    { writes: 1, reads: 1, byPath: { "calls/*/signals": w(1, 1) } },
    async () => {
      await ev("set", `${signals}/u3`, { v: 3 });
      return ev("listen", signals, 3, 3);
    },
  );
  await step(meter, `${m} unsubscribe`, { writes: 0, reads: 0, byPath: {} }, () => ev("unlisten", signals));
  await step(meter, `${m} getDoc (exists)`, { writes: 0, reads: 1, byPath: { calls: w(0, 1) } }, () => ev("get", call));
  await step(meter, `${m} getDoc (missing)`, { writes: 0, reads: 1, byPath: { calls: w(0, 1) } }, () =>
    ev("get", `${call}-missing`),
  );
  await step(
    meter,
    `${m} getDocs of a query listened to before (SDK resumes it: only the query minimum)`,
    { writes: 0, reads: 1, byPath: { "calls/*/signals": w(0, 1) } },
    () => ev("query", signals),
  );
  await step(meter, `${m} writeBatch of 2 docs`, { writes: 2, reads: 0, byPath: { "calls/*/fresh": w(2) } }, () =>
    ev("batch", [`${call}/fresh/f1`, `${call}/fresh/f2`]),
  );
  await step(
    meter,
    `${m} getDocs of a new query of 2 docs`,
    { writes: 0, reads: 2, byPath: { "calls/*/fresh": w(0, 2) } },
    () => ev("query", `${call}/fresh`),
  );
  await step(
    meter,
    `${m} onSnapshot on an empty collection (query minimum)`,
    { writes: 0, reads: 1, byPath: { "calls/*/empty": w(0, 1) } },
    () => ev("listen", `${call}/empty`, 0),
  );
  await step(
    meter,
    `${m} first doc into that empty listener`,
    { writes: 1, reads: 1, byPath: { "calls/*/empty": w(1, 1) } },
    async () => {
      await ev("set", `${call}/empty/e1`, { v: 1 });
      await ev("listen", `${call}/empty`, 1);
      return ev("unlisten", `${call}/empty`);
    },
  );
  await step(meter, `${m} getCountFromServer`, { writes: 0, reads: 1, byPath: { "calls/*/signals": w(0, 1) } }, () =>
    ev("count", signals),
  );
  await step(meter, `${m} runTransaction (get + set)`, { writes: 1, reads: 1, byPath: { calls: w(1, 1) } }, () =>
    ev("transaction", call),
  );
  await step(meter, `${m} deleteDoc`, { writes: 1, reads: 0, byPath: { other: w(1) } }, () => ev("del", other));
}

async function restChecks(meter: FirestoreMeter, run: string) {
  const base = `http://127.0.0.1:${meter.port}/v1/${database}/documents`;
  const headers = { authorization: "Bearer owner", "content-type": "application/json" };
  const fields = { v: { integerValue: "1" } };
  const call = `rest/${run}`;
  const req = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return `${res.status} ${(await res.text()).length}b`;
  };
  await step(meter, "[REST] PATCH doc", { writes: 1, reads: 0, byPath: { rest: w(1) } }, () =>
    req("PATCH", `${base}/${call}`, { fields }),
  );
  await step(meter, "[REST] GET doc", { writes: 0, reads: 1, byPath: { rest: w(0, 1) } }, () =>
    req("GET", `${base}/${call}`),
  );
  await step(meter, "[REST] GET missing doc (404)", { writes: 0, reads: 1, byPath: { rest: w(0, 1) } }, () =>
    req("GET", `${base}/${call}-missing`),
  );
  await step(meter, "[REST] :commit of 2 writes", { writes: 2, reads: 0, byPath: { "rest/*/items": w(2) } }, () =>
    req("POST", `${base}:commit`, {
      writes: [
        { update: { name: `${database}/documents/${call}/items/a`, fields } },
        { update: { name: `${database}/documents/${call}/items/b`, fields } },
      ],
    }),
  );
  await step(
    meter,
    "[REST] :batchGet 2 found + 1 missing",
    { writes: 0, reads: 3, byPath: { "rest/*/items": w(0, 3) } },
    () =>
      req("POST", `${base}:batchGet`, {
        documents: ["a", "b", "zz"].map((id) => `${database}/documents/${call}/items/${id}`),
      }),
  );
  await step(meter, "[REST] :runQuery of 2 docs", { writes: 0, reads: 2, byPath: { "rest/*/items": w(0, 2) } }, () =>
    req("POST", `${base}/${call}:runQuery`, { structuredQuery: { from: [{ collectionId: "items" }] } }),
  );
  await step(
    meter,
    "[REST] :runQuery with no result",
    { writes: 0, reads: 1, byPath: { "rest/*/none": w(0, 1) } },
    () => req("POST", `${base}/${call}:runQuery`, { structuredQuery: { from: [{ collectionId: "none" }] } }),
  );
  await step(meter, "[REST] list collection", { writes: 0, reads: 2, byPath: { "rest/*/items": w(0, 2) } }, () =>
    req("GET", `${base}/${call}/items`),
  );
  await step(meter, "[REST] createDocument", { writes: 1, reads: 0, byPath: { "rest/*/items": w(1) } }, () =>
    req("POST", `${base}/${call}/items?documentId=c`, { fields }),
  );
  await step(meter, "[REST] DELETE doc", { writes: 1, reads: 0, byPath: { "rest/*/items": w(1) } }, () =>
    req("DELETE", `${base}/${call}/items/c`),
  );
  // Pass-through: the same GET straight to the emulator and through the proxy.
  const direct = await fetch(`http://${targetHost}:${targetPort}/v1/${database}/documents/${call}`, { headers });
  const proxied = await fetch(`${base}/${call}`, { headers });
  const same = (await direct.text()) === (await proxied.text()) && direct.status === proxied.status;
  console.log(`${same ? "ok  " : "FAIL"} [REST] proxied body identical to direct body`);
  if (!same) failures.push("pass-through");
}

async function main() {
  const meter = await startFirestoreMeter({
    targetHost,
    targetPort,
    onCount: process.env.METER_TRACE ? (e) => console.log("     ·", JSON.stringify(e)) : undefined,
  });
  const dir = mkdtempSync(join(tmpdir(), "firestore-meter-check-"));
  const bundle = await bundlePage(dir);
  const site = http.createServer((req, res) => {
    if (req.url?.startsWith("/bundle.js")) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(bundle);
    } else {
      res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script src="/bundle.js"></script>');
    }
  });
  await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  const sitePort = (site.address() as { port: number }).port;
  const browser = await launchChromium();
  const run = `m${Date.now().toString(36)}`;
  try {
    for (const longPolling of [false, true]) {
      const mode = longPolling ? "long-polling" : "webchannel";
      const page = await browser.newPage();
      page.on("pageerror", (e) => console.log("page error:", e.message));
      await page.goto(`http://127.0.0.1:${sitePort}/`);
      await page.evaluate(
        ([port, lp]) =>
          (window as unknown as { check: { init(p: number, l: boolean, o: boolean): void } }).check.init(
            port,
            lp,
            true,
          ),
        [meter.port, longPolling] as [number, boolean],
      );
      await pageChecks(meter, page, mode, `${run}-${mode}`);
      await page.close();
    }
    const anon = await browser.newPage();
    await anon.goto(`http://127.0.0.1:${sitePort}/`);
    await anon.evaluate(
      (port) =>
        (window as unknown as { check: { init(p: number, l: boolean, o: boolean): void } }).check.init(
          port,
          false,
          false,
        ),
      meter.port,
    );
    await step(meter, "[webchannel] write denied by the repo's rules", { writes: 0, reads: 0, byPath: {} }, () =>
      anon.evaluate(
        (path) => (window as unknown as { check: { denied(p: string): Promise<string> } }).check.denied(path),
        `calls/${run}-denied`,
      ),
    );
    await anon.close();
    await restChecks(meter, run);
  } finally {
    await browser.close();
    site.close();
    await meter.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    failures.length === 0 ? "all counts as billed" : `${failures.length} step(s) off: ${failures.join("; ")}`,
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}

await main();
