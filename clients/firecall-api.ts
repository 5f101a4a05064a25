/**
 * A small typed client for the Firecall Integration API (docs/api.md, functions/openapi.json).
 * No dependencies: it needs only `fetch` (Node 18+, browsers, Deno).
 *
 *   const api = new FirecallApi({ baseUrl: "https://firecall.example.org/api", apiKey: process.env.FIRECALL_KEY! });
 *   const call = await api.createCall({ startsAt: "2027-03-01T10:30:00+01:00", title: "Consultation" });
 */

export type CallStatus = "scheduled" | "open" | "ended" | "expired" | "cancelled";
export type EndReason = "ended_by_host" | "expired" | "cancelled";
export type WebhookEventType =
  "call.created" | "call.opened" | "participant.joined" | "participant.left" | "call.ended";

export interface Call {
  id: string;
  status: CallStatus;
  title: string | null;
  /** UTC, RFC 3339. */
  startsAt: string;
  emptyTimeoutSeconds: number;
  host: string | null;
  guest: string | null;
  metadata: Record<string, string>;
  /** Increases with every reschedule (the .ics SEQUENCE). */
  sequence: number;
  hostClaimed: boolean;
  createdAt: string | null;
  openedAt: string | null;
  endedAt: string | null;
  endReason: EndReason | null;
  guestUrl: string;
  icsUrl: string;
}

/** The answer to createCall: hostUrl is shown only here. */
export interface CreatedCall extends Call {
  hostUrl: string;
}

export interface CreateCallInput {
  /** RFC 3339 with an offset (Z or +hh:mm); absent: now. */
  startsAt?: string;
  title?: string | null;
  emptyTimeoutSeconds?: number | null;
  host?: string | null;
  guest?: string | null;
  metadata?: Record<string, string>;
}

export interface RescheduleInput {
  startsAt?: string;
  title?: string | null;
  emptyTimeoutSeconds?: number | null;
}

export interface ListCallsQuery {
  status?: CallStatus;
  /** startsAt >= from (RFC 3339 with an offset). */
  from?: string;
  /** startsAt < to. */
  to?: string;
  limit?: number;
  cursor?: string;
}

export interface CallPage {
  calls: Call[];
  nextCursor: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
}

export interface CreatedWebhook extends Webhook {
  /** The signing secret, shown once. */
  secret: string;
}

/** An RFC 9457 problem with the API's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance: string;
}

export class FirecallApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly retryAfterSeconds: number | null,
  ) {
    super(`${problem.code}: ${problem.detail ?? problem.title}`);
  }

  get code(): string {
    return this.problem.code;
  }
}

export interface FirecallApiOptions {
  /** Where the API is: https://<your-site>/api (or the function's URL). */
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
}

export class FirecallApi {
  private readonly baseUrl: string;
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: FirecallApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.fetcher = options.fetch ?? fetch;
  }

  /** Pass an idempotencyKey (a UUID per appointment) to retry safely: the same call comes back. */
  createCall(input: CreateCallInput = {}, opts: { idempotencyKey?: string } = {}): Promise<CreatedCall> {
    const headers: Record<string, string> = opts.idempotencyKey ? { "Idempotency-Key": opts.idempotencyKey } : {};
    return this.json("POST", "/v1/calls", input, headers);
  }

  getCall(id: string): Promise<Call> {
    return this.json("GET", `/v1/calls/${encodeURIComponent(id)}`);
  }

  listCalls(query: ListCallsQuery = {}): Promise<CallPage> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return this.json("GET", `/v1/calls${qs ? `?${qs}` : ""}`);
  }

  /** Every call matching `query`, following the cursor. */
  async *allCalls(query: Omit<ListCallsQuery, "cursor"> = {}): AsyncGenerator<Call> {
    let cursor: string | undefined;
    do {
      const page = await this.listCalls({ ...query, cursor });
      yield* page.calls;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  rescheduleCall(id: string, changes: RescheduleInput): Promise<Call> {
    return this.json("PATCH", `/v1/calls/${encodeURIComponent(id)}`, changes);
  }

  /** Ends an open call or cancels a scheduled one; calling it again returns the call unchanged. */
  endCall(id: string): Promise<Call> {
    return this.json("POST", `/v1/calls/${encodeURIComponent(id)}/end`);
  }

  /** The calendar entry (text/calendar). */
  async callIcs(id: string): Promise<string> {
    const res = await this.request("GET", `/v1/calls/${encodeURIComponent(id)}.ics`);
    return res.text();
  }

  registerWebhook(url: string, events?: WebhookEventType[]): Promise<CreatedWebhook> {
    return this.json("POST", "/v1/webhooks", events ? { url, events } : { url });
  }

  async listWebhooks(): Promise<Webhook[]> {
    return (await this.json<{ webhooks: Webhook[] }>("GET", "/v1/webhooks")).webhooks;
  }

  async deleteWebhook(id: string): Promise<void> {
    await this.request("DELETE", `/v1/webhooks/${encodeURIComponent(id)}`);
  }

  private async json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    return (await (await this.request(method, path, body, headers)).json()) as T;
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const res = await this.fetcher(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.options.apiKey}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.ok) return res;
    const retryAfter = res.headers.get("retry-after");
    let problem: Problem;
    try {
      problem = (await res.json()) as Problem;
    } catch {
      problem = { type: "about:blank", title: res.statusText, status: res.status, code: "http_error", instance: path };
    }
    throw new FirecallApiError(res.status, problem, retryAfter === null ? null : Number(retryAfter));
  }
}
