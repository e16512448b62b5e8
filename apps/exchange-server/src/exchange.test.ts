import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { composeUscc } from '@oa/shared';
import { Certificate, verifyBytes } from '@oa/signature';
import { HubClient } from './client/hub-client';
import { inboxCursor } from './exchange/service';
import { encodeSendFrames, sendFramesMediaType } from './exchange/frames';
import { composeReceipt, composeSend, signDetached, type EnvelopeFields } from './client/compose';
import { chainHash, entryHash, sha256Hex, verifyAuditChain } from './audit/chain';
import type { RunningHub } from './server';
import { expectHubError } from './test-support/expect';
import { populate, startTestHub, userPassword, type Backend } from './test-support/hub';
import {
  createTestPki,
  makePdf,
  officialPdf,
  sealedPdf,
  testAgencies,
  type TestAgencyKey,
  type TestPki,
} from './test-support/pki';
import { startTestPostgres, type TestPostgres } from './test-support/postgres';

/** One suite, run against both storage backends over real HTTP. */
const backends: Backend[] = ['sqlite', 'postgres'];

let pki: TestPki;
let postgres: TestPostgres | undefined;

beforeAll(async () => {
  pki = await createTestPki();
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres?.stop();
  pki?.remove();
});

const city = testAgencies.city.code;
const county = testAgencies.county.code;
const bureau = testAgencies.bureau.code;
const province = testAgencies.province.code;

function fields(overrides: Partial<EnvelopeFields> = {}): EnvelopeFields {
  return {
    sender: city,
    recipients: [county, bureau],
    title: '江宁市人民政府办公室关于做好2026年防汛工作的通知',
    docNumber: '宁政办发〔2026〕12号',
    kind: 'notice',
    urgency: 'urgent',
    ...overrides,
  };
}

describe.each(backends)('exchange hub over HTTP (%s)', (backend) => {
  let hub: RunningHub & { admin: HubClient };
  let clients: Record<TestAgencyKey, HubClient>;
  let pdf: Uint8Array;

  beforeAll(async () => {
    const storage = backend === 'postgres' ? { databaseUrl: await postgres!.createDatabase() } : {};
    // The main suite verifies on the worker pool, as a deployed hub does.
    hub = await startTestHub(pki, storage, { verifyWorkers: 1 });
    clients = await populate(hub, pki);
    pdf = await sealedPdf(pki.seals.city, 'Notice on flood prevention 2026');
  });
  afterAll(async () => {
    await hub?.close();
  });

  async function send(overrides: Partial<EnvelopeFields> = {}, document = pdf, seal = pki.seals.city) {
    const { request, envelope, parts } = await composeSend(seal, fields(overrides), document, [
      {
        name: '附件1：防汛责任人名单.csv',
        mediaType: 'text/csv',
        data: new TextEncoder().encode('姓名,职务\n张伟,主任\n'),
      },
    ]);
    return { request, envelope, parts };
  }

  describe('operations', () => {
    it('answers health and readiness, and describes itself in OpenAPI', async () => {
      expect(await hub.admin.health()).toEqual({ status: 'ok' });
      const ready = await fetch(new URL('/ready', hub.url));
      expect(ready.status).toBe(200);
      const openapi = (await (await fetch(new URL('/openapi.json', hub.url))).json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(openapi.openapi).toMatch(/^3\./);
      for (const route of ['/v1/messages', '/v1/inbox', '/v1/messages/{id}/sign-for', '/v1/audit', '/v1/agencies']) {
        expect(Object.keys(openapi.paths)).toContain(route);
      }
    });
  });

  describe('accounts and authorisation', () => {
    it('refuses requests without a token, with a forged token, and a wrong password', async () => {
      await expectHubError(new HubClient(hub.url).agencies(), 'UNAUTHENTICATED', 401);
      await expectHubError(new HubClient(hub.url, 'not.a.token').agencies(), 'UNAUTHENTICATED', 401);
      await expectHubError(
        new HubClient(hub.url).login('operator-city', 'wrong-password-1234'),
        'BAD_CREDENTIALS',
        401,
      );
      await expectHubError(new HubClient(hub.url).login('nobody', 'whatever-password'), 'BAD_CREDENTIALS', 401);
    });

    it('lets only hub administrators register agencies and seals', async () => {
      const code = testAgencies.province.code;
      await expectHubError(clients.city.registerAgency({ code, name: 'x', level: 'province' }), 'FORBIDDEN', 403);
      await expectHubError(clients.city.registerSeal(city, pki.seals.city.certificate.toPem()), 'FORBIDDEN', 403);
      await expectHubError(clients.city.revokeSeal(city, pki.seals.city.certificate.fingerprint), 'FORBIDDEN', 403);
    });

    it('validates 统一社会信用代码 and the agency tree', async () => {
      await expectHubError(
        hub.admin.registerAgency({ code: '11320100000000013X', name: '无效单位', level: 'county' }),
        'INVALID_AGENCY_CODE',
        422,
      );
      await expectHubError(
        hub.admin.registerAgency({ code: province, name: '重复', level: 'province' }),
        'AGENCY_EXISTS',
        409,
      );
      const detail = await clients.county.agency(city);
      expect(detail.children.sort()).toEqual([county, bureau].sort());
      expect(detail.seals).toHaveLength(1);
    });

    it('registers only trusted seal certificates that name the agency', async () => {
      await expectHubError(
        hub.admin.registerSeal(county, pki.seals.bureau.certificate.toPem()),
        'SEAL_NOT_REGISTERED',
        422,
      );
      const stranger = await createTestPki('外省根证书', ['county']);
      await expectHubError(
        hub.admin.registerSeal(county, stranger.seals.county.certificate.toPem()),
        'CERTIFICATE_UNTRUSTED',
        422,
      );
      stranger.remove();
    });

    it('lets an agency administrator create users of their own agency only', async () => {
      await hub.admin.createUser({
        username: 'county-admin',
        password: userPassword,
        memberships: [{ agencyCode: county, role: 'agency-admin' }],
      });
      const countyAdmin = new HubClient(hub.url);
      await countyAdmin.login('county-admin', userPassword);
      await countyAdmin.createUser({
        username: 'county-viewer',
        password: userPassword,
        memberships: [{ agencyCode: county, role: 'viewer' }],
      });
      await expectHubError(
        countyAdmin.createUser({
          username: 'intruder',
          password: userPassword,
          memberships: [{ agencyCode: city, role: 'operator' }],
        }),
        'FORBIDDEN',
        403,
      );
      await expectHubError(
        countyAdmin.createUser({ username: 'root2', password: userPassword, hubAdmin: true, memberships: [] }),
        'FORBIDDEN',
        403,
      );
      expect((await countyAdmin.users(county)).map((u) => u.username).sort()).toEqual(
        ['county-admin', 'county-viewer', 'operator-county'].sort(),
      );
      await expectHubError(countyAdmin.users(city), 'FORBIDDEN', 403);
      // A viewer may look but not send.
      const viewer = new HubClient(hub.url);
      await viewer.login('county-viewer', userPassword);
      const { request } = await send(
        { sender: county, recipients: [city] },
        await sealedPdf(pki.seals.county, 'v'),
        pki.seals.county,
      );
      await expectHubError(viewer.send(request), 'FORBIDDEN', 403);
    });

    it('logs an agency system in by a signed challenge, once per challenge', async () => {
      const system = new HubClient(hub.url);
      const token = await system.agencyLogin(county, (challenge) => signDetached(pki.seals.county, challenge));
      expect(token.roles).toEqual(['system']);
      expect(token.agency).toBe(county);
      expect(Array.isArray(await system.inbox())).toBe(true);
      // Signing with another agency's seal is refused.
      await expectHubError(
        new HubClient(hub.url).agencyLogin(county, (challenge) => signDetached(pki.seals.bureau, challenge)),
        'SEAL_NOT_REGISTERED',
        422,
      );
      // A replayed challenge is refused.
      const challenge = (await (
        await fetch(new URL('/v1/auth/challenge', hub.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ agency: county }),
        })
      ).json()) as { nonce: string; challenge: string };
      const signature = Buffer.from(
        await signDetached(pki.seals.county, new TextEncoder().encode(challenge.challenge)),
      ).toString('base64');
      const login = () =>
        fetch(new URL('/v1/auth/agency', hub.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ agency: county, nonce: challenge.nonce, signature }),
        });
      expect((await login()).status).toBe(200);
      const replay = await login();
      expect(replay.status).toBe(401);
      expect(((await replay.json()) as { code: string }).code).toBe('CHALLENGE_INVALID');
    });
  });

  describe('every route checks the caller', () => {
    it('answers 401 on every /v1 route without a token (from the OpenAPI description)', async () => {
      const openapi = (await (await fetch(new URL('/openapi.json', hub.url))).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const open = new Set(['/v1/auth/login', '/v1/auth/challenge', '/v1/auth/agency']);
      let checked = 0;
      for (const [route, methods] of Object.entries(openapi.paths)) {
        if (!route.startsWith('/v1/') || open.has(route)) continue;
        const url = route
          .replace('{id}', 'some-message-id')
          .replace('{code}', city)
          .replace('{fingerprint}', 'ab')
          .replace('{index}', '0');
        for (const method of Object.keys(methods)) {
          const response = await fetch(new URL(url, hub.url), {
            method: method.toUpperCase(),
            headers: { 'content-type': 'application/json' },
            ...(method === 'get' ? {} : { body: '{}' }),
          });
          // Authentication comes first: even a malformed body gets 401, not a schema lesson.
          expect(response.status, `${method} ${route}`).toBe(401);
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(20);
    });

    it('refuses a WebSocket for notices without a valid token', async () => {
      const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/v1/notices`, {
        headers: { authorization: 'Bearer forged' },
      });
      const code = await new Promise<number>((resolve) => ws.on('close', (closeCode) => resolve(closeCode)));
      expect(code).toBe(4401);
    });

    it('hides a message from unrelated agencies on every message route, and lets viewers only look', async () => {
      const { request, envelope } = await send({ recipients: [county] });
      await clients.city.send(request);
      const id = envelope.messageId;
      const receipt = { receipt: '{}', signature: '' };
      const calls: Array<[string, (c: HubClient) => Promise<unknown>]> = [
        ['status', (c) => c.status(id)],
        ['envelope', (c) => c.envelope(id)],
        ['document', (c) => c.document(id)],
        ['attachment', (c) => c.attachment(id, 0)],
        ['receipts', (c) => c.receipts(id)],
        ['sign-for', (c) => c.signFor(id, receipt)],
        ['return', (c) => c.returnMessage(id, '理由')],
        ['recall', (c) => c.recall(id)],
      ];
      for (const [name, call] of calls) {
        await expectHubError(call(clients.bureau), 'NOT_FOUND', 404).catch((error: Error) => {
          throw new Error(`${name}: ${error.message}`);
        });
      }
      const viewer = new HubClient(hub.url);
      await viewer.login('county-viewer', userPassword);
      expect((await viewer.status(id)).recipients).toHaveLength(1);
      await viewer.document(id); // looking is not taking delivery
      expect((await clients.city.status(id)).recipients[0]?.state).toBe('waiting');
      await expectHubError(viewer.claim(), 'FORBIDDEN', 403);
      await expectHubError(viewer.returnMessage(id, '理由'), 'FORBIDDEN', 403);
      await expectHubError(viewer.signFor(id, receipt), 'FORBIDDEN', 403);
      await expectHubError(viewer.users(county), 'FORBIDDEN', 403);
      await expectHubError(clients.city.users(), 'FORBIDDEN', 403);
    });
  });

  describe('sending and receiving', () => {
    it('accepts a sealed document, stores it once even when the send is retried, and notifies recipients', async () => {
      const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/v1/notices`, {
        headers: { authorization: `Bearer ${clients.county.currentToken}` },
      });
      const notices: Array<{ type: string; messageId?: string }> = [];
      const ready = new Promise<void>((resolve) =>
        ws.on('message', (data) => {
          const notice = JSON.parse(String(data)) as { type: string; messageId?: string };
          notices.push(notice);
          if (notice.type === 'ready') resolve();
        }),
      );
      await ready;

      const { request, envelope } = await send();
      const first = await clients.city.send(request);
      expect(first.duplicate).toBe(false);
      expect(first.message.recipients.map((r) => [r.agency, r.state])).toEqual(
        [
          [bureau, 'waiting'],
          [county, 'waiting'],
        ].sort(),
      );
      // The retry (same id, same envelope) is recognised.
      const retry = await clients.city.send(request);
      expect(retry.duplicate).toBe(true);
      expect((await clients.city.outbox()).filter((m) => m.messageId === envelope.messageId)).toHaveLength(1);
      // A retry that composed its envelope anew (later createdAt) is recognised too.
      const recomposed = await send({ messageId: envelope.messageId });
      expect((await clients.city.send(recomposed.request)).duplicate).toBe(true);
      // The same id with different content is a conflict, not an overwrite.
      const other = await send({ messageId: envelope.messageId, title: '另一份公文' });
      await expectHubError(clients.city.send(other.request), 'MESSAGE_ID_CONFLICT', 409);

      await expect
        .poll(() => notices.some((n) => n.type === 'arrival' && n.messageId === envelope.messageId), {
          timeout: 10_000,
        })
        .toBe(true);
      ws.close();

      const inbox = await clients.county.inbox({ states: ['waiting'] });
      expect(inbox.map((m) => m.messageId)).toContain(envelope.messageId);
      const listed = inbox.find((m) => m.messageId === envelope.messageId)!;
      expect(listed.recipients).toHaveLength(1); // a recipient sees only itself
      expect(listed.title).toBe(envelope.title);
      expect(listed.attachments[0]?.name).toBe('附件1：防汛责任人名单.csv');
    });

    it('accepts the same send as binary parts, checked alike, and refuses broken framing', async () => {
      const { parts, request, envelope } = await send();
      const first = await clients.city.sendBinary(parts);
      expect(first.duplicate).toBe(false);
      expect(first.message.attachments.map((a) => a.name)).toEqual(['附件1：防汛责任人名单.csv']);
      // A retry in either form is the same message.
      expect((await clients.city.send(request)).duplicate).toBe(true);
      expect((await clients.city.sendBinary(parts)).duplicate).toBe(true);
      expect(sha256Hex(await clients.county.document(envelope.messageId))).toBe(envelope.document.sha256);

      // The checks are the same: a changed byte of the PDF, another agency's seal.
      const changed = Uint8Array.from(parts.document);
      changed[100] = changed[100]! ^ 1;
      const altered = await send({}, changed);
      await expectHubError(clients.city.sendBinary(altered.parts), 'SEAL_INVALID', 422);
      const foreign = await send({}, await sealedPdf(pki.seals.county, 'not ours'));
      await expectHubError(clients.city.sendBinary(foreign.parts), 'SEAL_NOT_REGISTERED', 422);

      const post = (body: Uint8Array, type = sendFramesMediaType) =>
        fetch(`${hub.url}/v1/messages/binary`, {
          method: 'POST',
          headers: { authorization: `Bearer ${clients.city.currentToken}`, 'content-type': type },
          body,
        });
      const framed = encodeSendFrames(parts);
      for (const broken of [framed.subarray(0, framed.byteLength - 1), framed.subarray(0, 2), new Uint8Array(0)]) {
        const answer = await post(broken);
        expect(answer.status).toBe(400);
        expect(((await answer.json()) as { code: string }).code).toBe('BAD_REQUEST');
      }
      expect((await post(new TextEncoder().encode(JSON.stringify(request)), 'application/json')).status).toBe(400);
    });

    it("accepts an official document: a leader's sign-off, then the agency's visible seal with its seal record", async () => {
      const official = await officialPdf(pki, 'city', 'Signed off and sealed');
      const { request } = await send({ recipients: [county] }, official);
      const result = await clients.city.send(request);
      expect(result.duplicate).toBe(false);
      expect(result.message.documentSha256).toBe(sha256Hex(official));
    });

    it('keeps messages private to their sender and recipients', async () => {
      const { request, envelope } = await send({ recipients: [county] });
      await clients.city.send(request);
      await expectHubError(clients.bureau.status(envelope.messageId), 'NOT_FOUND', 404);
      await expectHubError(clients.bureau.document(envelope.messageId), 'NOT_FOUND', 404);
      await expectHubError(clients.province.receipts(envelope.messageId), 'NOT_FOUND', 404);
      await expectHubError(clients.bureau.returnMessage(envelope.messageId, '不是我单位'), 'NOT_FOUND', 404);
      await expectHubError(clients.county.recall(envelope.messageId), 'NOT_FOUND', 404); // only the sender recalls
      expect((await clients.bureau.inbox()).map((m) => m.messageId)).not.toContain(envelope.messageId);
    });

    it('delivers, takes signed receipts the sender can verify, and accepts returns with a reason', async () => {
      const { request, envelope } = await send();
      await clients.city.send(request);
      const id = envelope.messageId;

      // Signing for before fetching is refused: the receipt is for a document received.
      const early = await composeReceipt(pki.seals.county, {
        messageId: id,
        recipient: county,
        documentSha256: envelope.document.sha256,
      });
      await expectHubError(clients.county.signFor(id, early), 'STATE_CONFLICT', 409);

      const fetched = await clients.county.document(id);
      expect(sha256Hex(fetched)).toBe(envelope.document.sha256);
      expect(new TextDecoder().decode(await clients.county.attachment(id, 0))).toContain('张伟');
      expect((await clients.city.status(id)).recipients.find((r) => r.agency === county)?.state).toBe('delivered');

      // A receipt over the wrong hash, or signed with someone else's seal, is refused.
      const wrongHash = await composeReceipt(pki.seals.county, {
        messageId: id,
        recipient: county,
        documentSha256: sha256Hex('x'),
      });
      await expectHubError(clients.county.signFor(id, wrongHash), 'RECEIPT_INVALID', 422);
      const wrongSeal = await composeReceipt(pki.seals.bureau, {
        messageId: id,
        recipient: county,
        documentSha256: envelope.document.sha256,
      });
      await expectHubError(clients.county.signFor(id, wrongSeal), 'SEAL_NOT_REGISTERED', 422);

      const receipt = await composeReceipt(pki.seals.county, {
        messageId: id,
        recipient: county,
        documentSha256: envelope.document.sha256,
      });
      expect((await clients.county.signFor(id, receipt)).state).toBe('signed-for');
      await expectHubError(clients.county.returnMessage(id, '太晚了'), 'STATE_CONFLICT', 409);

      await clients.bureau.document(id);
      expect((await clients.bureau.returnMessage(id, '非我局职责范围，请转市水务局。')).state).toBe('returned');

      const status = await clients.city.status(id);
      expect(Object.fromEntries(status.recipients.map((r) => [r.agency, r.state]))).toEqual({
        [county]: 'signed-for',
        [bureau]: 'returned',
      });
      expect(status.recipients.find((r) => r.agency === bureau)?.reason).toBe('非我局职责范围，请转市水务局。');

      // The sender verifies the receipt itself: signature, trusted root, and the county's registered seal.
      const [stored] = await clients.city.receipts(id);
      expect(stored?.agency).toBe(county);
      const root = Certificate.fromPem(await import('node:fs').then((fs) => fs.readFileSync(pki.rootPemFile, 'utf8')));
      const check = verifyBytes(new TextEncoder().encode(stored!.receipt), Buffer.from(stored!.signature, 'base64'), {
        trustedRoots: [root],
      });
      expect(check.checks.digest && check.checks.signatureValue).toBe(true);
      expect(check.checks.chain).toBe('trusted');
      const countySeals = (await clients.city.agency(county)).seals.map((s) => s.fingerprint);
      expect(countySeals).toContain(check.signer?.fingerprint);
      expect(JSON.parse(stored!.receipt)).toMatchObject({ messageId: id, documentSha256: envelope.document.sha256 });
    });

    it('lets the sender recall before delivery but not after', async () => {
      const { request, envelope } = await send();
      await clients.city.send(request);
      await clients.bureau.document(envelope.messageId);
      // Naming a recipient that already fetched it recalls from none of them.
      await expectHubError(
        clients.city.recall(envelope.messageId, { recipients: [county, bureau] }),
        'STATE_CONFLICT',
        409,
      );
      expect((await clients.city.status(envelope.messageId)).recipients.find((r) => r.agency === county)?.state).toBe(
        'waiting',
      );
      const recalled = await clients.city.recall(envelope.messageId, { reason: '内容有误，将重新发文' });
      expect(recalled.map((r) => [r.agency, r.state])).toEqual([[county, 'recalled']]);
      await expectHubError(clients.city.recall(envelope.messageId), 'STATE_CONFLICT', 409);
      await expectHubError(clients.city.recall(envelope.messageId, { recipients: [bureau] }), 'STATE_CONFLICT', 409);
      expect((await clients.county.inbox()).map((m) => m.messageId)).not.toContain(envelope.messageId);
    });

    it('claims each waiting message for exactly one caller', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) {
        const { request, envelope } = await send({ recipients: [province], title: `批量通知 ${i}` });
        await clients.city.send(request);
        ids.push(envelope.messageId);
      }
      // The inbox pages with a cursor, missing nothing even when messages share a send time.
      const paged: string[] = [];
      for (let after: string | undefined; ;) {
        const page = await clients.province.inbox({ states: ['waiting'], limit: 4, ...(after ? { after } : {}) });
        paged.push(...page.map((m) => m.messageId));
        if (page.length < 4) break;
        after = inboxCursor(page[page.length - 1]!);
      }
      expect(paged.sort()).toEqual([...ids].sort());
      const claims = await Promise.all([
        clients.province.claim(4),
        clients.province.claim(4),
        clients.province.claim(4),
      ]);
      const claimed = claims.flat().map((m) => m.messageId);
      expect(claimed.sort()).toEqual([...ids].sort());
      expect(await clients.province.claim(4)).toEqual([]);
    });
  });

  describe('verification on arrival', () => {
    it('refuses a PDF without a seal, or with content that differs from the envelope', async () => {
      const unsealed = await makePdf('no seal');
      await expectHubError(clients.city.send((await send({}, unsealed)).request), 'SEAL_MISSING', 422);
      const { request } = await send();
      const tampered = Buffer.from(request.document, 'base64');
      tampered.writeUInt8(tampered.readUInt8(tampered.length - 20) ^ 1, tampered.length - 20);
      await expectHubError(
        clients.city.send({ ...request, document: tampered.toString('base64') }),
        'CONTENT_MISMATCH',
        422,
      );
    });

    it("refuses a document sealed with another agency's seal, or changed after sealing", async () => {
      const foreign = await sealedPdf(pki.seals.bureau, 'sealed by the bureau');
      await expectHubError(clients.city.send((await send({}, foreign)).request), 'SEAL_NOT_REGISTERED', 422);
      const appended = Buffer.concat([Buffer.from(pdf), Buffer.from('\n% appended after sealing\n')]);
      await expectHubError(clients.city.send((await send({}, appended)).request), 'SEAL_INVALID', 422);
    });

    it('refuses an envelope not signed by the sender, or naming another sender', async () => {
      await expectHubError(
        clients.city.send((await send({}, pdf, pki.seals.bureau)).request),
        'SEAL_NOT_REGISTERED',
        422,
      );
      const { request } = await send();
      const forged = {
        ...request,
        signature: Buffer.from(await signDetached(pki.seals.city, new TextEncoder().encode('other'))).toString(
          'base64',
        ),
      };
      await expectHubError(clients.city.send(forged), 'ENVELOPE_SIGNATURE_INVALID', 422);
      await expectHubError(clients.bureau.send(request), 'SENDER_MISMATCH', 422);
      await expectHubError(clients.city.send({ ...request, envelope: '{not json' }), 'BAD_REQUEST', 400);
    });

    it('refuses documents classified above the hub maximum and unknown recipients', async () => {
      await expectHubError(
        clients.city.send((await send({ classification: 'secret' })).request),
        'CLASSIFICATION_TOO_HIGH',
        422,
      );
      const nowhere = composeUscc({ authority: '1', category: '1', division: '320199', orgCode8: '00000099' });
      await expectHubError(
        clients.city.send((await send({ recipients: [nowhere] })).request),
        'UNKNOWN_RECIPIENT',
        422,
      );
    });

    it('refuses a seal revoked at the hub', async () => {
      const second = await pki.issueSeal('county');
      await hub.admin.registerSeal(county, second.certificate.toPem());
      const document = await sealedPdf(second, 'second seal');
      const { request } = await send({ sender: county, recipients: [city] }, document, second);
      await hub.admin.revokeSeal(county, second.certificate.fingerprint);
      await expectHubError(clients.county.send(request), 'SEAL_REVOKED', 422);
    });

    it('answers a malformed request with a typed 400', async () => {
      const response = await clients.city.raw('POST', '/v1/messages', { envelope: 1 });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; message: { zh: string; en: string } };
      expect(body.code).toBe('BAD_REQUEST');
      expect(body.message.zh).toContain('请求格式有误');
    });
  });

  describe('audit log', () => {
    it('is a verifiable chain; each agency reads its own entries and the hashes of the rest', async () => {
      const { rows, head } = await clients.county.auditAll();
      const verification = verifyAuditChain(rows, { head });
      expect(verification.problems).toEqual([]);
      expect(verification.ok).toBe(true);
      const visible = rows.filter((r) => r.entry);
      expect(visible.length).toBeGreaterThan(0);
      expect(visible.length).toBeLessThan(rows.length);
      expect(visible.every((r) => r.entry!.agencies.includes(county))).toBe(true);
      expect(visible.map((r) => r.entry!.action)).toEqual(
        expect.arrayContaining(['message.sent', 'recipient.delivered', 'recipient.signed-for']),
      );
      expect((await hub.admin.verifyAuditOnHub()).ok).toBe(true);
      await expectHubError(clients.county.verifyAuditOnHub(), 'FORBIDDEN', 403);
    });

    it('detects an entry changed in the database', async () => {
      const { rows } = await hub.admin.auditAll();
      const target = rows.find((r) => r.entry?.action === 'recipient.returned')!;
      const forged = { ...target.entry!, data: { ...target.entry!.data, reason: '已按时签收' } };
      await hub.driver.run('UPDATE audit_log SET entry = ? WHERE seq = ?', [JSON.stringify(forged), target.seq]);
      const after = await hub.admin.auditAll();
      const verification = verifyAuditChain(after.rows, { head: after.head });
      expect(verification.ok).toBe(false);
      expect(verification.problems).toContainEqual(expect.objectContaining({ seq: target.seq, kind: 'entry-hash' }));
      const onHub = await hub.admin.verifyAuditOnHub();
      expect(onHub.ok).toBe(false);
      // Recomputing the row's own hashes too only moves the break to the link with the next row.
      const forgedEntryHash = entryHash(forged);
      await hub.driver.run('UPDATE audit_log SET entry_hash = ?, hash = ? WHERE seq = ?', [
        forgedEntryHash,
        chainHash(target.prevHash, forgedEntryHash),
        target.seq,
      ]);
      const relinked = await hub.admin.auditAll();
      const second = verifyAuditChain(relinked.rows, { head: relinked.head });
      expect(second.problems).toEqual([expect.objectContaining({ seq: target.seq + 1, kind: 'prev-hash' })]);
      // Put the row back: the chain verifies again.
      await hub.driver.run('UPDATE audit_log SET entry = ?, entry_hash = ?, hash = ? WHERE seq = ?', [
        JSON.stringify(target.entry),
        target.entryHash,
        target.hash,
        target.seq,
      ]);
      expect((await hub.admin.verifyAuditOnHub()).ok).toBe(true);
    });
  });
});
