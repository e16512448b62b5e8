import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HubClient } from './hub-client';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that answers every request 200 with `body` (a hub of another version, or not a hub). */
async function answering(body: unknown): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('HubClient answers', () => {
  it('refuses an answer of another shape with a typed error the desktop can show', async () => {
    const client = new HubClient(await answering([{ id: 7, login: 'zhouli' }]), 'token');
    await expect(client.colleagues()).rejects.toMatchObject({
      code: 'HUB_ANSWER_INVALID',
      text: { zh: expect.stringContaining('/v1/colleagues'), en: expect.stringContaining('/v1/colleagues') },
    });
    await expect(client.draftPeople('doc-1')).rejects.toMatchObject({ code: 'HUB_ANSWER_INVALID' });
  });

  it('passes a well-formed answer through', async () => {
    const colleague = { id: 'user:1', username: 'zhouli', name: '周丽', department: '应急管理科' };
    const client = new HubClient(await answering([colleague]), 'token');
    expect(await client.colleagues()).toEqual([colleague]);
  });
});
