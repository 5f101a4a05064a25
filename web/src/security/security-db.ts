/**
 * This browser's own security database (IndexedDB): its DTLS certificate and the people it has
 * compared security codes with. Nothing in it ever leaves the device.
 */
const DB_NAME = "firecall-security";
const DB_VERSION = 1;
export const CERTIFICATES = "certificates";
export const VERIFIED_PEERS = "verified-peers";

let opening: Promise<IDBDatabase> | null = null;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

export function openSecurityDb(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(CERTIFICATES)) db.createObjectStore(CERTIFICATES);
      if (!db.objectStoreNames.contains(VERIFIED_PEERS)) {
        db.createObjectStore(VERIFIED_PEERS, { keyPath: "fingerprint" }).createIndex("uid", "uid");
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB unavailable"));
    req.onblocked = () => reject(new Error("IndexedDB upgrade blocked by another tab"));
  }).catch((err: unknown) => {
    opening = null; // a later call may try again
    throw err;
  });
  return opening;
}

/** One read from a store. */
export async function readStore<T>(store: string, read: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openSecurityDb();
  return request(read(db.transaction(store, "readonly").objectStore(store)));
}

/** One write to a store; resolves once it is committed. */
export async function writeStore(store: string, write: (s: IDBObjectStore) => void): Promise<void> {
  const db = await openSecurityDb();
  const tx = db.transaction(store, "readwrite");
  write(tx.objectStore(store));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB write failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB write aborted"));
  });
}
