import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hubError } from '../errors';
import { decodeSendFrames, sendFramesMediaType } from '../exchange/frames';
import { b64, errorResponses, principalOf, unb64, type HubServices } from './context';
import {
  claimSchema,
  envelopeResponseSchema,
  inboxQuery,
  messageParams,
  messageSchema,
  outboxQuery,
  recallSchema,
  receiptsSchema,
  recipientSchema,
  returnSchema,
  sendResultSchema,
  sendSchema,
  signForSchema,
} from './schemas';

/** RFC 5987 filename for Content-Disposition (attachment names are often Chinese). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function exchangeRoutes(app: FastifyInstance, services: HubServices): void {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const { exchange, tokens } = services;
  typed.post(
    '/v1/messages',
    {
      schema: {
        summary: 'Send a sealed document (发文): verified, stored durably, then acknowledged',
        tags: ['exchange'],
        body: sendSchema,
        response: { 200: sendResultSchema, 201: sendResultSchema, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const result = await exchange.send(await principalOf(request, tokens), {
        envelope: request.body.envelope,
        signature: unb64(request.body.signature),
        document: unb64(request.body.document),
        attachments: request.body.attachments.map(unb64),
      });
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
  // The same send with binary parts (see exchange/frames.ts): no base64 and no JSON to parse.
  app.addContentTypeParser(sendFramesMediaType, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  typed.post(
    '/v1/messages/binary',
    {
      schema: {
        summary: `Send a sealed document as binary parts (${sendFramesMediaType}); otherwise as POST /v1/messages`,
        description:
          'The body is the envelope text, its detached CMS signature, the PDF and each attachment, every part as a 4-byte big-endian length followed by its bytes.',
        tags: ['exchange'],
        consumes: [sendFramesMediaType],
        response: { 200: sendResultSchema, 201: sendResultSchema, ...errorResponses, 413: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const principal = await principalOf(request, tokens);
      if (!Buffer.isBuffer(request.body)) {
        throw hubError('BAD_REQUEST', {
          zh: `请以 Content-Type: ${sendFramesMediaType} 发送二进制发文请求。`,
          en: `Send the binary form with Content-Type: ${sendFramesMediaType}.`,
        });
      }
      const result = await exchange.send(principal, decodeSendFrames(request.body));
      return reply.code(result.duplicate ? 200 : 201).send(result);
    },
  );
  typed.get(
    '/v1/messages/:id',
    {
      schema: {
        summary: "A message and its recipients' states (sender: all; recipient: its own)",
        tags: ['exchange'],
        params: messageParams,
        response: { 200: messageSchema, ...errorResponses },
      },
    },
    async (request) => exchange.status(await principalOf(request, tokens), request.params.id),
  );
  typed.get(
    '/v1/messages/:id/envelope',
    {
      schema: {
        summary: 'The signed envelope, to verify independently',
        tags: ['exchange'],
        params: messageParams,
        response: { 200: envelopeResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const result = await exchange.envelope(await principalOf(request, tokens), request.params.id);
      return { envelope: result.envelope, signature: b64(result.signature) };
    },
  );
  typed.get(
    '/v1/messages/:id/document',
    {
      schema: {
        summary: 'The sealed PDF; a recipient fetching it makes its state 已送达',
        tags: ['exchange'],
        params: messageParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const pdf = await exchange.document(await principalOf(request, tokens), request.params.id);
      return reply.type('application/pdf').send(Buffer.from(pdf));
    },
  );
  typed.get(
    '/v1/messages/:id/attachments/:index',
    {
      schema: {
        summary: 'An attachment',
        tags: ['exchange'],
        params: messageParams.extend({ index: z.coerce.number().int().min(0) }),
      },
    },
    async (request, reply) => {
      const attachment = await exchange.attachment(
        await principalOf(request, tokens),
        request.params.id,
        request.params.index,
      );
      return reply
        .type(attachment.mediaType)
        .header('content-disposition', disposition(attachment.name))
        .send(Buffer.from(attachment.data));
    },
  );
  typed.get(
    '/v1/inbox',
    {
      schema: {
        summary: "The agency's incoming messages (收文)",
        tags: ['exchange'],
        querystring: inboxQuery,
        response: { 200: z.array(messageSchema), ...errorResponses },
      },
    },
    async (request) =>
      exchange.inbox(await principalOf(request, tokens), {
        states: request.query.state,
        limit: request.query.limit,
        ...(request.query.after === undefined ? {} : { after: request.query.after }),
      }),
  );
  typed.post(
    '/v1/inbox/claim',
    {
      schema: {
        summary: 'Take delivery of waiting messages (each goes to exactly one caller)',
        tags: ['exchange'],
        body: claimSchema,
        response: { 200: z.array(messageSchema), ...errorResponses },
      },
    },
    async (request) => exchange.claim(await principalOf(request, tokens), request.body.limit),
  );
  typed.get(
    '/v1/outbox',
    {
      schema: {
        summary: "The agency's sent messages with their recipients' states",
        tags: ['exchange'],
        querystring: outboxQuery,
        response: { 200: z.array(messageSchema), ...errorResponses },
      },
    },
    async (request) =>
      exchange.outbox(await principalOf(request, tokens), {
        limit: request.query.limit,
        ...(request.query.before === undefined ? {} : { before: request.query.before }),
      }),
  );
  typed.post(
    '/v1/messages/:id/sign-for',
    {
      schema: {
        summary: 'Sign for a delivered message with a signed receipt (签收)',
        tags: ['exchange'],
        params: messageParams,
        body: signForSchema,
        response: { 200: recipientSchema, ...errorResponses },
      },
    },
    async (request) =>
      exchange.signFor(await principalOf(request, tokens), request.params.id, {
        receipt: request.body.receipt,
        signature: unb64(request.body.signature),
      }),
  );
  typed.post(
    '/v1/messages/:id/return',
    {
      schema: {
        summary: 'Return a message with a reason (退回)',
        tags: ['exchange'],
        params: messageParams,
        body: returnSchema,
        response: { 200: recipientSchema, ...errorResponses },
      },
    },
    async (request) =>
      exchange.returnMessage(await principalOf(request, tokens), request.params.id, request.body.reason),
  );
  typed.post(
    '/v1/messages/:id/recall',
    {
      schema: {
        summary: 'Recall a message from recipients that have not fetched it (撤回)',
        tags: ['exchange'],
        params: messageParams,
        body: recallSchema,
        response: { 200: z.array(recipientSchema), ...errorResponses },
      },
    },
    async (request) =>
      exchange.recall(await principalOf(request, tokens), request.params.id, {
        ...(request.body.recipients === undefined ? {} : { recipients: request.body.recipients }),
        ...(request.body.reason === undefined ? {} : { reason: request.body.reason }),
      }),
  );
  typed.get(
    '/v1/messages/:id/receipts',
    {
      schema: {
        summary: 'Signed receipts, to verify independently',
        tags: ['exchange'],
        params: messageParams,
        response: { 200: receiptsSchema, ...errorResponses },
      },
    },
    async (request) =>
      (await exchange.receipts(await principalOf(request, tokens), request.params.id)).map((r) => ({
        agency: r.agency,
        receipt: r.receipt,
        signature: b64(r.signature),
      })),
  );
}
