import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { isOaError } from '@oa/shared';
import { statusOf } from '../errors';
import { authenticate, type HubServices } from './context';
import { auditRoutes } from './routes-audit';
import { authRoutes } from './routes-auth';
import { directoryRoutes } from './routes-directory';
import { exchangeRoutes } from './routes-exchange';
import { noticeRoutes } from './routes-notices';
import { draftRoutes } from '../drafts/routes';
import { roomRoutes } from '../rooms/routes';
import { syncRoutes } from '../sync/routes';

export const apiVersion = '1.0.0';

/** The largest WebSocket message: a room's first sync step carries a whole draft body's history. */
export const roomMessageLimit = 16 * 1024 * 1024;

/** Builds the hub's HTTP application: schemas on every route, OpenAPI, typed errors. */
export async function buildApp(
  services: HubServices,
  options: { bodyLimit: number; logger: FastifyServerOptions['logger']; https?: { cert: Buffer; key: Buffer } },
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error, request, reply) => {
    if (isOaError(error)) {
      const status = statusOf(error);
      if (status >= 500) request.log.error({ code: error.code }, error.message);
      return reply.code(status).send(error.toJSON());
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => `${v.instancePath || '/'} ${v.message ?? ''}`.trim());
      return reply.code(400).send({
        code: 'BAD_REQUEST',
        message: { zh: `请求格式有误：${issues.join('；')}`, en: `The request is malformed: ${issues.join('; ')}` },
        details: { issues },
      });
    }
    const fastifyError = error as { code?: string; statusCode?: number; message?: string };
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({
        code: 'PAYLOAD_TOO_LARGE',
        message: { zh: '请求体超过交换中心允许的大小。', en: 'The request body is larger than the hub allows.' },
      });
    }
    if (fastifyError.statusCode !== undefined && fastifyError.statusCode < 500) {
      return reply.code(fastifyError.statusCode).send({
        code: 'BAD_REQUEST',
        message: {
          zh: `请求无效（${fastifyError.message ?? ''}）。`,
          en: `Bad request (${fastifyError.message ?? ''}).`,
        },
      });
    }
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send({
      code: 'INTERNAL',
      message: {
        zh: '交换中心内部错误，已记录，请稍后重试。',
        en: 'Internal hub error; it was logged. Try again later.',
      },
    });
  });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '公文交换中心 API (OA exchange hub)', version: apiVersion },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: roomMessageLimit } });

  app.get('/health', { schema: { summary: 'Liveness', tags: ['operations'] } }, async () => ({ status: 'ok' }));
  app.get(
    '/ready',
    { schema: { summary: 'Readiness: the database answers', tags: ['operations'] } },
    async (_request, reply) => {
      try {
        await services.store.ping();
        return { status: 'ready' };
      } catch {
        return reply.code(503).send({
          code: 'NOT_READY',
          message: { zh: '数据库暂不可用。', en: 'The database is not available.' },
        });
      }
    },
  );
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (scope) => {
    scope.addHook('onRequest', (request) => authenticate(request, services.tokens));
    authRoutes(scope, services);
    directoryRoutes(scope, services);
    exchangeRoutes(scope, services);
    auditRoutes(scope, services);
    noticeRoutes(scope, services);
    syncRoutes(scope, services);
    roomRoutes(scope, services);
    draftRoutes(scope, services);
  });
  return app;
}
