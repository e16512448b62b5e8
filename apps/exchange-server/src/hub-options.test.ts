import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { HubClient } from './client/hub-client';
import { composeSend } from './client/compose';
import { startHub, type RunningHub } from './server';
import { expectHubError } from './test-support/expect';
import { populate, startTestHub, testHubConfig, tokenSecret } from './test-support/hub';
import { createTestPki, sealedPdf, testAgencies, type TestPki } from './test-support/pki';

/** Deployment options: classification ceiling, CRLs, TLS, token lifetime, body limit. */
describe('hub deployment options', () => {
  let pki: TestPki;
  const hubs: RunningHub[] = [];
  beforeAll(async () => {
    pki = await createTestPki('江东省电子政务根证书', ['city', 'county']);
  });
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.close()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    pki?.remove();
  });

  async function hubWith(overrides: Parameters<typeof startTestHub>[2]) {
    const hub = await startTestHub(pki, {}, overrides);
    hubs.push(hub);
    return hub;
  }

  async function registerTwo(hub: RunningHub & { admin: HubClient }) {
    for (const key of ['city', 'county'] as const) {
      await hub.admin.registerAgency({ code: testAgencies[key].code, name: testAgencies[key].name, level: key });
    }
  }

  const send = (classification?: 'secret' | 'confidential') =>
    composeSend(
      pki.seals.city,
      {
        sender: testAgencies.city.code,
        recipients: [testAgencies.county.code],
        title: '关于加强保密管理的通知',
        docNumber: '宁政办发〔2026〕40号',
        kind: 'notice',
        ...(classification ? { classification } : {}),
      },
      pdfBytes,
    );
  let pdfBytes: Uint8Array;

  it('carries documents up to its configured classification and refuses higher ones', async () => {
    pdfBytes = await sealedPdf(pki.seals.city, 'classified');
    const hub = await hubWith({ maxClassification: 'secret' });
    const clients = await populate(hub, pki);
    expect((await clients.city.send((await send('secret')).request)).duplicate).toBe(false);
    await expectHubError(clients.city.send((await send('confidential')).request), 'CLASSIFICATION_TOO_HIGH', 422);
  });

  it('refuses seals revoked by a configured CRL, at registration and on arrival', async () => {
    const revoked = await pki.issueSeal('city');
    const crl = await pki.writeCrl([revoked]);
    const hub = await hubWith({ crls: [crl] });
    await registerTwo(hub);
    await expectHubError(
      hub.admin.registerSeal(testAgencies.city.code, revoked.certificate.toPem()),
      'SEAL_REVOKED',
      422,
    );
    await hub.admin.registerSeal(testAgencies.city.code, pki.seals.city.certificate.toPem());
    await hub.admin.createUser({
      username: 'city-clerk',
      password: 'city-clerk-password',
      memberships: [{ agencyCode: testAgencies.city.code, role: 'operator' }],
    });
    const city = new HubClient(hub.url);
    await city.login('city-clerk', 'city-clerk-password');
    // The PDF is sealed with the registered seal but the envelope with the revoked one.
    const { request } = await composeSend(
      revoked,
      {
        sender: testAgencies.city.code,
        recipients: [testAgencies.county.code],
        title: '通知',
        docNumber: '宁政办发〔2026〕41号',
        kind: 'notice',
      },
      await sealedPdf(pki.seals.city, 'x'),
    );
    await expectHubError(city.send(request), 'SEAL_REVOKED', 422);
  });

  it('speaks HTTPS when given a certificate and key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oa-hub-tls-'));
    dirs.push(dir);
    const cert = path.join(dir, 'hub.crt');
    const key = path.join(dir, 'hub.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    const config = testHubConfig(pki, {}, { tlsCert: cert, tlsKey: key });
    dirs.push(config.dataDir);
    const hub = await startHub(config);
    hubs.push(hub);
    expect(hub.url).toMatch(/^https:/);
    const body = await new Promise<string>((resolve, reject) => {
      request(`${hub.url}/health`, { ca: readFileSync(cert) }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += String(chunk)));
        response.on('end', () => resolve(text));
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toEqual({ status: 'ok' });
  });

  it('refuses expired tokens and bodies over the limit', async () => {
    const hub = await hubWith({ bodyLimit: 4096 });
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ roles: [], hubAdmin: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user:x')
      .setIssuer('oa-exchange-hub')
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode(tokenSecret));
    await expectHubError(new HubClient(hub.url, expired).agencies(), 'TOKEN_EXPIRED', 401);
    // A notice socket closes when its token expires.
    await hub.admin.registerAgency({ code: testAgencies.city.code, name: testAgencies.city.name, level: 'city' });
    const shortLived = await new SignJWT({ agency: testAgencies.city.code, roles: ['viewer'], hubAdmin: false })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('user:viewer')
      .setIssuer('oa-exchange-hub')
      .setIssuedAt(now)
      .setExpirationTime(now + 2)
      .sign(new TextEncoder().encode(tokenSecret));
    const ws = new WebSocket(`${hub.url.replace(/^http/, 'ws')}/v1/notices?token=${shortLived}`);
    const messages: string[] = [];
    ws.on('message', (data) => messages.push(String(data)));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    );
    expect(messages[0]).toContain('"ready"');
    expect(closed).toEqual({ code: 4401, reason: 'TOKEN_EXPIRED' });

    const response = await hub.admin.raw('POST', '/v1/messages', {
      envelope: 'x'.repeat(8192),
      signature: '',
      document: '',
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
