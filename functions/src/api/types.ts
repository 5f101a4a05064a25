/** The transport-neutral request and response the REST API's modules pass around. */
export interface ApiRequest {
  method: string;
  /** The path below the API's root, e.g. /v1/calls (a leading /api from the Hosting rewrite is removed). */
  path: string;
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** The body exactly as received, or undefined when there was none. */
  rawBody: Buffer | undefined;
  /** Where the request came from (client-address.ts), for throttling invalid API keys. */
  clientAddress: string;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON bodies are objects; text bodies (the .ics file) carry their own content type. */
  body?: unknown;
  text?: string;
}

/** Who is calling: resolved from the API key. */
export interface ApiPrincipal {
  keyId: string;
  appId: string;
  /** The full key, which derives the host link's secret (never stored). */
  apiKey: string;
  readOnly: boolean;
}
