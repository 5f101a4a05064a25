import { onRequest } from "firebase-functions/v2/https";
import { clientAddress } from "../api/client-address.js";
import { handleApiRequest } from "../api/handler.js";
import { PROBLEM_CONTENT_TYPE } from "../api/problem.js";
import { apiDeps } from "../services.js";

/**
 * The REST API for integrating apps (docs/api.md): /v1/... on the function's own URL, and
 * /api/v1/... through the Hosting rewrite. Everything but the transport lives in ../api.
 */
export const api = onRequest(async (req, res) => {
  const url = new URL(req.originalUrl || req.url, "http://localhost");
  // /api/v1/… through Hosting, /v1/… on the function's URL (the emulator keeps its own prefix too).
  const at = url.pathname.indexOf("/v1/");
  const path = at >= 0 ? url.pathname.slice(at) : url.pathname;
  const rawBody = (req as { rawBody?: Buffer }).rawBody;
  const response = await handleApiRequest(
    {
      method: req.method,
      path,
      query: url.searchParams,
      header: (name) => req.get(name),
      rawBody: rawBody && rawBody.length > 0 ? rawBody : undefined,
      clientAddress: clientAddress(req.get("x-forwarded-for"), req.socket?.remoteAddress),
    },
    apiDeps(),
  );
  res.status(response.status);
  res.set("Cache-Control", "no-store");
  for (const [name, value] of Object.entries(response.headers ?? {})) res.set(name, value);
  if (response.text !== undefined) {
    res.send(response.text);
  } else if (response.body !== undefined) {
    const type = response.status >= 400 ? PROBLEM_CONTENT_TYPE : "application/json";
    res.type(type).send(JSON.stringify(response.body));
  } else {
    res.end();
  }
});
