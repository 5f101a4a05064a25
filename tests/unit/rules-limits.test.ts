// firestore.rules cannot import LIMITS or the codec's patterns, so it repeats them: this keeps the
// copies equal, so the web app never sends what the rules refuse and the rules refuse what it never sends.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIMITS, SIGNAL_PATTERNS, labelProblem } from "@firecall/model";

const rules = readFileSync("firestore.rules", "utf8");
/** A pattern as a rules string literal writes it (a backslash is written twice). */
const literal = (pattern: string) => `'${pattern.replace(/\\/g, "\\\\")}'`;

describe("firestore.rules and the shared limits", () => {
  it("checks session ids, candidates and SDPs with the codec's patterns", () => {
    expect(rules).toContain(`s.matches(${literal(SIGNAL_PATTERNS.session)})`);
    expect(rules).toContain(`c.matches(${literal(SIGNAL_PATTERNS.candidates)})`);
    expect(rules).toContain(`desc.sdp.matches(${literal(SIGNAL_PATTERNS.sdp)})`);
    expect(rules).toContain(`n.matches(${literal(SIGNAL_PATTERNS.displayName)})`);
  });

  it("bounds display names by LIMITS and refuses what labelProblem refuses", () => {
    expect(rules).toContain(`n.size() <= ${LIMITS.displayNameMaxLength}`);
    // The same pattern in JavaScript's syntax (\\u{…} for RE2's \\x{…}), on samples labelProblem judges.
    const js = new RegExp(`^${SIGNAL_PATTERNS.displayName.replace(/\\x\{/g, "\\u{")}$`, "u");
    for (const name of ["Sam", "Zoë", "山田", "Sam 🚀", "O'Brien-Smith"]) expect(js.test(name), name).toBe(true);
    for (const name of [
      "a\u0000",
      "a\n",
      "a\u001b",
      "a\u0085",
      "a\u202e",
      "a\u2066",
      "a\u2069",
      "a\u2028",
      "a\u2029",
    ]) {
      expect(labelProblem(name), JSON.stringify(name)).not.toBeNull();
      expect(js.test(name), JSON.stringify(name)).toBe(false);
    }
  });

  it("bounds the candidates and the SDP by LIMITS", () => {
    expect(rules).toContain(`c.size() <= ${LIMITS.candidatesMaxLength}`);
    expect(rules).toContain(`desc.sdp.size() <= ${LIMITS.sdpMaxLength}`);
    expect(SIGNAL_PATTERNS.candidates).toContain(`{0,${LIMITS.maxCandidates}}`);
    expect(SIGNAL_PATTERNS.session).toBe(`[A-Za-z0-9_-]{${LIMITS.sessionMinLength},${LIMITS.sessionMaxLength}}`);
  });
});
