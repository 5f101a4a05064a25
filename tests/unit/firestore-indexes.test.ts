// firestore.indexes.json is deployed as it is (firebase deploy --only firestore:indexes); the
// emulator ignores it, so this is where a change to it is checked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

interface IndexFile {
  indexes: { collectionGroup: string; queryScope: string; fields: { fieldPath: string }[] }[];
  fieldOverrides: { collectionGroup: string; fieldPath: string; indexes: unknown[] }[];
}
const config = JSON.parse(readFileSync(join(import.meta.dirname, "../../firestore.indexes.json"), "utf8")) as IndexFile;

describe("firestore.indexes.json", () => {
  it("keeps the composite index the sweep's staleness query needs (signals collection group: left, updatedAt)", () => {
    const sweep = config.indexes.find((i) => i.collectionGroup === "signals" && i.queryScope === "COLLECTION_GROUP");
    expect(sweep?.fields.map((f) => f.fieldPath)).toEqual(["left", "updatedAt"]);
  });

  it("gives signals' ever-rising timestamps and large strings no single-field index (a hot spot and write cost)", () => {
    const exempt = config.fieldOverrides
      .filter((o) => o.collectionGroup === "signals" && o.indexes.length === 0)
      .map((o) => o.fieldPath)
      .sort();
    expect(exempt).toEqual(["candidates", "description", "joinedAt", "updatedAt"]);
  });
});
