import { describe, expect, it } from "vitest";
import { takeToken } from "../../functions/src/service/user-quota";
import { waitInWords } from "../../functions/src/shared/quota";

const T = 1_800_000_000_000;
const limit = { burst: 3, perHour: 60 }; // one a minute

describe("takeToken", () => {
  it("allows a burst, then refuses with the wait until one more is allowed", () => {
    let bucket = null;
    for (let i = 0; i < 3; i++) {
      const taken = takeToken(bucket, limit, T);
      expect(taken.ok).toBe(true);
      if (taken.ok) bucket = taken.bucket;
    }
    expect(takeToken(bucket, limit, T)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(takeToken(bucket, limit, T + 30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(takeToken(bucket, limit, T + 60_000).ok).toBe(true);
  });

  it("refills at the hourly rate, never above the burst, and says when it is full again", () => {
    const taken = takeToken({ tokens: 0, atMs: T }, limit, T + 3600_000);
    expect(taken).toEqual({ ok: true, bucket: { tokens: 2, atMs: T + 3600_000 }, fullAtMs: T + 3600_000 + 60_000 });
  });

  it("does not refill for a clock that went backwards", () => {
    expect(takeToken({ tokens: 0.5, atMs: T }, limit, T - 60_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
  });
});

describe("waitInWords", () => {
  it("says seconds under a minute and whole minutes, rounded up, above", () => {
    expect(waitInWords(1)).toBe("1 second");
    expect(waitInWords(44.2)).toBe("45 seconds");
    expect(waitInWords(60)).toBe("about 1 minute");
    expect(waitInWords(61)).toBe("about 2 minutes");
  });
});
