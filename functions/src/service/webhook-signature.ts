import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures: `Firecall-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
 * Receivers verify with verifyWebhookSignature (or the same few lines in their language; docs/api.md).
 */
export const SIGNATURE_HEADER = "Firecall-Signature";

export function webhookSignature(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/**
 * Whether `header` signs `body` (the raw request body, unparsed) with `secret`, made within
 * `toleranceSeconds` of `nowSeconds` (a replayed old delivery is refused).
 */
export function verifyWebhookSignature(
  header: string | undefined,
  secret: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  const parts = new Map((header ?? "").split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isSafeInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[a-f0-9]{64}$/.test(given)) {
    return false;
  }
  const expected = createHmac("sha256", secret).update(`${t}.${body}`, "utf8").digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}
