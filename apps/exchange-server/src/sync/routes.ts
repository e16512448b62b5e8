import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OaError, syncPullResponseSchema, syncPushRequestSchema, syncPushResponseSchema } from '@oa/shared';
import { agencyWith } from '../auth/access';
import { errorResponses, principalOf, type HubServices } from '../http/context';
import { syncPullLimit } from './service';

const pullQuery = z.object({
  after: z.string().max(20).default(''),
  limit: z.coerce.number().int().positive().max(syncPullLimit).default(500),
  /** The pulling device: its own ops are left out of the page (it has them already). */
  device: z.string().trim().min(1).max(200).optional(),
});

/**
 * `POST /v1/sync/push` and `GET /v1/sync/pull?after=` (docs/sync.md): a member of an agency
 * pushes and pulls that agency's ops only; the agency comes from the session, never the request.
 */
export function syncRoutes(app: FastifyInstance, services: HubServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { tokens, sync } = services;
  typed.post(
    '/v1/sync/push',
    {
      schema: {
        summary: "Push a batch of the agency's workflow and document operations (idempotent by op id)",
        tags: ['sync'],
        body: syncPushRequestSchema,
        response: { 200: syncPushResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = await principalOf(request, tokens);
      const agency = agencyWith(principal, 'view');
      const foreign = request.body.ops.find((op) => op.deviceId !== request.body.deviceId);
      if (foreign !== undefined) {
        throw new OaError('BAD_REQUEST', {
          zh: `操作 ${foreign.opId} 不是由推送它的设备产生的。`,
          en: `Operation ${foreign.opId} was not made by the device pushing it.`,
        });
      }
      return sync.push(agency, principal.sub, request.body, new Date().toISOString());
    },
  );
  typed.get(
    '/v1/sync/pull',
    {
      schema: {
        summary: "The agency's accepted operations after a cursor, in the hub's order",
        tags: ['sync'],
        querystring: pullQuery,
        response: { 200: syncPullResponseSchema, ...errorResponses },
      },
      // A page holds ops the push request's schema parsed before they were stored, and states
      // the state machine made (the handler is typed by the response schema): checking up to
      // 1,000 ops again on the way out took half of the hub's time in a pull.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => {
      const principal = await principalOf(request, tokens);
      const agency = agencyWith(principal, 'view');
      return sync.pull(agency, principal.sub, request.query.after, request.query.limit, request.query.device);
    },
  );
}
