import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { verifyAuditChain } from '../audit/chain';
import { requireHubAdmin } from '../auth/access';
import { forbidden } from '../errors';
import { errorResponses, principalOf, type HubServices } from './context';
import { auditPageSchema, auditQuery, auditVerificationSchema } from './schemas';

/** Largest page the hub reads at once when it verifies the whole chain itself. */
const verifyPageSize = 5000;

export function auditRoutes(app: FastifyInstance, services: HubServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { store, tokens } = services;
  typed.get(
    '/v1/audit',
    {
      schema: {
        summary: 'The hash-chained audit log: entries of your agency in full, hashes of the rest',
        tags: ['audit'],
        querystring: auditQuery,
        response: { 200: auditPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = await principalOf(request, tokens);
      if (!principal.hubAdmin && principal.agency === undefined)
        throw forbidden({ zh: '查看审计日志', en: 'read the audit log' });
      const head = await store.auditHead();
      const rows = await store.auditRows({
        afterSeq: request.query.after,
        untilSeq: head.seq,
        limit: request.query.limit,
        ...(principal.hubAdmin ? {} : { visibleTo: principal.agency! }),
      });
      return { head, rows };
    },
  );
  typed.get(
    '/v1/audit/verify',
    {
      schema: {
        summary: 'Verify the whole chain on the hub (hub admin)',
        tags: ['audit'],
        response: { 200: auditVerificationSchema, ...errorResponses },
      },
    },
    async (request) => {
      requireHubAdmin(await principalOf(request, tokens));
      const head = await store.auditHead();
      const rows = [];
      for (let after = 0; ;) {
        const page = await store.auditRows({ afterSeq: after, untilSeq: head.seq, limit: verifyPageSize });
        rows.push(...page);
        if (page.length < verifyPageSize) break;
        after = page[page.length - 1]!.seq;
      }
      return verifyAuditChain(rows, { head });
    },
  );
}
