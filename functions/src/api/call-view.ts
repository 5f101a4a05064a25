import type { IdentifiedCall } from "../service/call-service.js";

/** Where the web app lives and how to link into it. */
export interface Links {
  baseUrl: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function guestUrl(links: Links, id: string): string {
  return `${links.baseUrl}/c/${id}`;
}

/** The host link: opening it signed in makes that person the call's host (claimHost). */
export function hostUrl(links: Links, id: string, hostKey: string): string {
  return `${guestUrl(links, id)}?host=${encodeURIComponent(hostKey)}`;
}

export function icsUrl(links: Links, id: string): string {
  return `${links.baseUrl}/api/v1/calls/${id}.ics`;
}

/** A call as the REST API shows it (the Call schema in the OpenAPI document). */
export function callView(links: Links, call: IdentifiedCall): Record<string, unknown> {
  return {
    id: call.id,
    status: call.status,
    title: call.title,
    startsAt: iso(call.startsAtMs),
    emptyTimeoutSeconds: call.emptyTimeoutSeconds,
    host: call.app?.hostName ?? null,
    guest: call.app?.guestName ?? null,
    metadata: call.app?.metadata ?? {},
    sequence: call.sequence,
    hostClaimed: call.hostUid !== null,
    createdAt: iso(call.createdAtMs),
    openedAt: iso(call.openedAtMs),
    endedAt: iso(call.endedAtMs),
    endReason: call.endReason,
    guestUrl: guestUrl(links, call.id),
    icsUrl: icsUrl(links, call.id),
  };
}
