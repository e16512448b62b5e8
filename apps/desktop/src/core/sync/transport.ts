import {
  OaError,
  syncPullResponseSchema,
  syncPushResponseSchema,
  type SyncPullResponse,
  type SyncPushRequest,
  type SyncPushResponse,
} from '@oa/shared';
import { z } from 'zod';

/** Where this device syncs: the hub's address and the session token of the unlocked account. */
export interface HubSession {
  url: string;
  token: string;
}

/** The hub could not be reached (network down, hub restarting, 5xx): try again later. */
export class HubUnreachable extends Error {
  constructor(readonly detail: string) {
    super(`hub unreachable: ${detail}`);
    this.name = 'HubUnreachable';
  }
}

const hubErrorSchema = z.object({ code: z.string(), message: z.object({ zh: z.string(), en: z.string() }) });

/** The two sync calls over HTTP, every answer parsed with the protocol's schemas. */
export class SyncTransport {
  constructor(
    private readonly session: HubSession,
    private readonly timeoutMs = 30_000,
  ) {}

  push(request: SyncPushRequest): Promise<SyncPushResponse> {
    return this.call('POST', '/v1/sync/push', request, syncPushResponseSchema);
  }

  /** The agency's ops after `after`, less those `deviceId` made (this device has them). */
  pull(after: string, deviceId: string): Promise<SyncPullResponse> {
    return this.call(
      'GET',
      `/v1/sync/pull?after=${encodeURIComponent(after)}&limit=1000&device=${encodeURIComponent(deviceId)}`,
      undefined,
      syncPullResponseSchema,
    );
  }

  private async call<T>(method: string, route: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(route, this.session.url), {
        method,
        headers: {
          authorization: `Bearer ${this.session.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new HubUnreachable((error as Error).message);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch (error) {
      throw new HubUnreachable(`unreadable answer (${response.status}): ${(error as Error).message}`);
    }
    if (response.status >= 500) throw new HubUnreachable(`status ${response.status}`);
    if (!response.ok) {
      const parsed = hubErrorSchema.safeParse(json);
      throw parsed.success
        ? new OaError(parsed.data.code, parsed.data.message, { status: response.status })
        : new HubUnreachable(`status ${response.status}`);
    }
    return schema.parse(json);
  }
}
