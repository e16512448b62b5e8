import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses, unb64, type HubServices } from './context';
import { agencyLoginSchema, challengeRequestSchema, challengeSchema, loginSchema, tokenSchema } from './schemas';

const tokenView = (result: {
  token: string;
  expiresAt: string;
  principal: { sub: string; agency?: string | undefined; roles: string[]; hubAdmin: boolean };
  username?: string;
}) => ({
  token: result.token,
  expiresAt: result.expiresAt,
  subject: result.principal.sub,
  ...(result.username === undefined ? {} : { username: result.username }),
  ...(result.principal.agency === undefined ? {} : { agency: result.principal.agency }),
  roles: result.principal.roles,
  hubAdmin: result.principal.hubAdmin,
});

export function authRoutes(app: FastifyInstance, services: HubServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    '/v1/auth/login',
    {
      schema: {
        summary: 'Log in with username and password (用户登录)',
        tags: ['auth'],
        body: loginSchema,
        response: { 200: tokenSchema, ...errorResponses },
      },
    },
    async (request) => tokenView(await services.auth.login(request.body)),
  );
  typed.post(
    '/v1/auth/challenge',
    {
      schema: {
        summary: 'Ask for a challenge an agency system signs with its seal key',
        tags: ['auth'],
        body: challengeRequestSchema,
        response: { 200: challengeSchema, ...errorResponses },
      },
    },
    async (request) => services.auth.challenge(request.body.agency),
  );
  typed.post(
    '/v1/auth/agency',
    {
      schema: {
        summary: 'Log in as an agency system: a detached CMS signature over the challenge (单位系统登录)',
        tags: ['auth'],
        body: agencyLoginSchema,
        response: { 200: tokenSchema, ...errorResponses },
      },
    },
    async (request) =>
      tokenView(
        await services.auth.agencyLogin({
          agency: request.body.agency,
          nonce: request.body.nonce,
          signature: unb64(request.body.signature),
        }),
      ),
  );
}
