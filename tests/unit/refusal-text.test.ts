import { describe, expect, it } from "vitest";
import { callableMessage, quotaMessage } from "../../web/src/strings/refusals";

describe("quotaMessage", () => {
  it("words a call quota from its details, and ignores other errors", () => {
    const err = (details: unknown) => ({ code: "functions/resource-exhausted", details });
    expect(quotaMessage(err({ reason: "quota_exceeded", quota: "calls", retryAfterSeconds: 30 }))).toBe(
      "You have started many calls in a short time. You can start another in 30 seconds.",
    );
    expect(quotaMessage(err({ reason: "quota_exceeded", quota: "calls" }))).toBe(
      "You have started many calls in a short time. You can start another a little later.",
    );
    // The code alone is not the reason: another resource-exhausted refusal is not a quota.
    expect(quotaMessage(err({ quota: "calls", retryAfterSeconds: 30 }))).toBeNull();
    expect(quotaMessage({ code: "functions/permission-denied", details: { reason: "not_host" } })).toBeNull();
    expect(quotaMessage(null)).toBeNull();
  });
});

describe("callableMessage", () => {
  const refusal = (reason: unknown, message = "Only the person who created this call can end it. [403]") => ({
    code: "functions/permission-denied",
    message,
    details: { reason },
  });

  it("says a refusal in the page's words, chosen by its reason", () => {
    expect(callableMessage(refusal("not_host"), "fallback")).toBe("Only the host can end this call for everyone.");
    expect(callableMessage(refusal("invalid_title", "title must be at most 200 characters. [400]"), "x")).toBe(
      "A title is one line of text of at most 200 characters.",
    );
  });

  it("never shows the server's message: without a reason the page knows, it says the fallback", () => {
    expect(callableMessage(refusal(undefined), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(refusal("no_such_reason"), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(refusal("internal"), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(new Error("network down"), "Could not end the call.")).toBe("Could not end the call.");
    expect(callableMessage(null, "Could not end the call.")).toBe("Could not end the call.");
  });
});
