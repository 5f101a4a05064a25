// firestore.rules cannot import LIMITS or the codec's patterns, so it repeats them: this keeps the
// copies equal, so the web app never sends what the rules refuse and the rules refuse what it never sends.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../functions/src/shared/call-model";
import { SIGNAL_PATTERNS } from "../../functions/src/shared/signal-codec";

const rules = readFileSync("firestore.rules", "utf8");
/** A pattern as a rules string literal writes it (a backslash is written twice). */
const literal = (pattern: string) => `'${pattern.replace(/\\/g, "\\\\")}'`;

describe("firestore.rules and the shared limits", () => {
  it("checks session ids, candidates and SDPs with the codec's patterns", () => {
    expect(rules).toContain(`s.matches(${literal(SIGNAL_PATTERNS.session)})`);
    expect(rules).toContain(`c.matches(${literal(SIGNAL_PATTERNS.candidates)})`);
    expect(rules).toContain(`desc.sdp.matches(${literal(SIGNAL_PATTERNS.sdp)})`);
  });

  it("bounds the candidates and the SDP by LIMITS", () => {
    expect(rules).toContain(`c.size() <= ${LIMITS.candidatesMaxLength}`);
    expect(rules).toContain(`desc.sdp.size() <= ${LIMITS.sdpMaxLength}`);
    expect(SIGNAL_PATTERNS.candidates).toContain(`{0,${LIMITS.maxCandidates}}`);
    expect(SIGNAL_PATTERNS.session).toBe(`[A-Za-z0-9_-]{${LIMITS.sessionMinLength},${LIMITS.sessionMaxLength}}`);
  });
});
