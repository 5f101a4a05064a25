import { describe, expect, it } from "vitest";
import { allowedSkips, checkSystem, missingLine, type SystemPart } from "../../scripts/system-check.mjs";

const part = (name: SystemPart["name"], ok: boolean, fix: SystemPart["fix"] = "install"): SystemPart => ({
  name,
  what: `${name} things`,
  ok,
  fix,
});

describe("the system check before npm test", () => {
  it("passes when every part is here", () => {
    const parts = [part("java", true), part("chromium", true), part("coturn", true), part("netns", true)];
    expect(checkSystem(parts, allowedSkips(""))).toEqual({ missing: [], skipped: [] });
  });

  it("names what is missing in one line with the install command and the variable that skips it", () => {
    const parts = [part("java", true), part("chromium", false), part("coturn", false), part("netns", true)];
    const { missing } = checkSystem(parts, allowedSkips(""));
    const line = missingLine(missing);
    expect(line).toBe(
      "firecall: missing chromium (chromium things), coturn (coturn things): install with: " +
        "sudo bash scripts/install-system-deps.sh; or skip their tests on purpose: FIRECALL_ALLOW_SKIP=chromium,coturn",
    );
    expect(line).not.toContain("\n");
  });

  it("lets FIRECALL_ALLOW_SKIP skip named parts (or all), but never Java", () => {
    const parts = [part("java", false), part("chromium", false), part("netns", false, "root")];
    expect(checkSystem(parts, allowedSkips(" Chromium , netns ")).missing.map((p) => p.name)).toEqual(["java"]);
    expect(checkSystem(parts, allowedSkips("all")).skipped.map((p) => p.name)).toEqual(["chromium", "netns"]);
    expect(missingLine(checkSystem(parts, allowedSkips("all")).missing)).toBe(
      "firecall: missing java (java things): install with: sudo bash scripts/install-system-deps.sh",
    );
  });

  it("says to run as root when only root would give network namespaces", () => {
    const line = missingLine([part("netns", false, "root")]);
    expect(line).toBe(
      "firecall: missing netns (netns things): run the tests as root for netns; " +
        "or skip their tests on purpose: FIRECALL_ALLOW_SKIP=netns",
    );
  });
});
