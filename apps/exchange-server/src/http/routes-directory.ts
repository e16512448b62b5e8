import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, principalOf, type HubServices } from './context';
import {
  agencyDetailSchema,
  agencyInputSchema,
  agencySchema,
  colleagueSchema,
  sealInputSchema,
  sealSchema,
  userInputSchema,
  userSchema,
} from './schemas';

const codeParams = z.object({ code: z.string() });

export function directoryRoutes(app: FastifyInstance, services: HubServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { directory, tokens } = services;
  typed.get(
    '/v1/agencies',
    {
      schema: {
        summary: 'The agency directory (机构目录)',
        tags: ['directory'],
        response: { 200: z.array(agencySchema), ...errorResponses },
      },
    },
    async (request) => directory.listAgencies(await principalOf(request, tokens)),
  );
  typed.post(
    '/v1/agencies',
    {
      schema: {
        summary: 'Register an agency by its 统一社会信用代码 (hub admin)',
        tags: ['directory'],
        body: agencyInputSchema,
        response: { 201: agencySchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const agency = await directory.registerAgency(await principalOf(request, tokens), request.body);
      return reply.code(201).send(agency);
    },
  );
  typed.get(
    '/v1/agencies/:code',
    {
      schema: {
        summary: 'An agency with its children and seal certificates',
        tags: ['directory'],
        params: codeParams,
        response: { 200: agencyDetailSchema, ...errorResponses },
      },
    },
    async (request) => directory.agency(await principalOf(request, tokens), request.params.code),
  );
  typed.post(
    '/v1/agencies/:code/seals',
    {
      schema: {
        summary: "Register an agency's seal certificate (hub admin)",
        tags: ['directory'],
        params: codeParams,
        body: sealInputSchema,
        response: { 201: sealSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const seal = await directory.registerSeal(
        await principalOf(request, tokens),
        request.params.code,
        request.body.certificate,
      );
      return reply.code(201).send(seal);
    },
  );
  typed.post(
    '/v1/agencies/:code/seals/:fingerprint/revoke',
    {
      schema: {
        summary: 'Revoke a seal (hub admin)',
        tags: ['directory'],
        params: codeParams.extend({ fingerprint: z.string() }),
        response: { 200: sealSchema, ...errorResponses },
      },
    },
    async (request) =>
      directory.revokeSeal(await principalOf(request, tokens), request.params.code, request.params.fingerprint),
  );
  typed.post(
    '/v1/users',
    {
      schema: {
        summary: 'Create a user (hub admin, or agency admin for their own agency)',
        tags: ['accounts'],
        body: userInputSchema,
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const user = await directory.createUser(await principalOf(request, tokens), request.body);
      return reply.code(201).send(user);
    },
  );
  typed.get(
    '/v1/users',
    {
      schema: {
        summary: 'List users (hub admin: all or by agency; agency admin: their agency)',
        tags: ['accounts'],
        querystring: z.object({ agency: z.string().optional() }),
        response: { 200: z.array(userSchema), ...errorResponses },
      },
    },
    async (request) => directory.listUsers(await principalOf(request, tokens), request.query.agency),
  );
  typed.get(
    '/v1/colleagues',
    {
      schema: {
        summary: "The users of the caller's own agency (id and login), for inviting and routing",
        tags: ['accounts'],
        response: { 200: z.array(colleagueSchema), ...errorResponses },
      },
    },
    async (request) => directory.colleagues(await principalOf(request, tokens)),
  );
}
