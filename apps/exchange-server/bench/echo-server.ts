/**
 * The benchmark's named peer: a bare Fastify server with the hub's body limit whose
 * `POST /v1/messages` parses the JSON body (and `/v1/messages/binary` reads the binary one) and
 * answers 201, nothing else.
 */
import Fastify from 'fastify';

const port = Number(process.argv[process.argv.indexOf('--port') + 1]);
const app = Fastify({ bodyLimit: 64 * 1024 * 1024 });
app.get('/ready', async () => ({ status: 'ready' }));
app.addContentTypeParser('application/vnd.oa.exchange-send', { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
);
app.post('/v1/messages', async (_request, reply) => reply.code(201).send({ ok: true }));
app.post('/v1/messages/binary', async (_request, reply) => reply.code(201).send({ ok: true }));
await app.listen({ host: '127.0.0.1', port });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
