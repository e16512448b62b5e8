import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agencyWith } from '../auth/access';
import { errorResponses, principalOf, type HubServices } from '../http/context';
import { draftPeopleSchema } from '../http/schemas';

const params = z.object({ documentId: z.string().trim().min(1).max(200) });

/**
 * `GET /v1/drafts/:documentId/people` (who works on the draft) and
 * `POST /v1/drafts/:documentId/co-drafters` (the drafter invites colleagues: 协同拟稿). A person
 * who may not open the draft gets 404 `DRAFT_NOT_ACCESSIBLE`, as for a draft that does not exist.
 */
export function draftRoutes(app: FastifyInstance, services: HubServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { tokens, draftPeople } = services;
  typed.get(
    '/v1/drafts/:documentId/people',
    {
      schema: {
        summary: "A draft's drafter and co-drafters (for someone who may open it)",
        tags: ['sync'],
        params,
        response: { 200: draftPeopleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = await principalOf(request, tokens);
      return draftPeople.list(agencyWith(principal, 'view'), principal.sub, request.params.documentId);
    },
  );
  typed.post(
    '/v1/drafts/:documentId/co-drafters',
    {
      schema: {
        summary: 'The drafter invites colleagues of the agency to co-draft (协同拟稿)',
        tags: ['sync'],
        params,
        body: z.object({ userIds: z.array(z.string().trim().min(1).max(200)).min(1).max(100) }).strict(),
        response: { 200: draftPeopleSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = await principalOf(request, tokens);
      const agency = agencyWith(principal, 'view');
      return draftPeople.invite(
        agency,
        principal.sub,
        request.params.documentId,
        request.body.userIds,
        new Date().toISOString(),
      );
    },
  );
}
