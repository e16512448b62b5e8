import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HubClient } from './client/hub-client';
import { composeSend, signDetached } from './client/compose';
import { verifyAuditChain } from './audit/chain';
import { adminCredentials, populate } from './test-support/hub';
import { createTestPki, sealedPdf, testAgencies, type TestPki } from './test-support/pki';
import { startTestPostgres, type TestPostgres } from './test-support/postgres';
import { spawnHub, type HubProcess } from './test-support/process';

/**
 * Two hub processes on one PostgreSQL serving the same agencies: sends retried on the other
 * process are stored once, concurrent claims deliver each message exactly once, notices reach
 * clients of either process, and the audit chain stays one chain.
 */
describe('two hub processes sharing one PostgreSQL', () => {
  let pki: TestPki;
  let postgres: TestPostgres;
  let hubs: HubProcess[] = [];

  beforeAll(async () => {
    pki = await createTestPki();
    postgres = await startTestPostgres();
    const databaseUrl = await postgres.createDatabase();
    const args = ['--database-url', databaseUrl, '--trust-root', pki.rootPemFile, '--log-level', 'warn'];
    const env = { OA_HUB_ADMIN_USER: adminCredentials.username, OA_HUB_ADMIN_PASSWORD: adminCredentials.password };
    // Started together: they race to migrate the empty database.
    const started = await Promise.allSettled([spawnHub(args, env), spawnHub(args, env)]);
    hubs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.stop()));
    await postgres?.stop();
    pki?.remove();
  });

  it('serves the same agencies from both, exactly once', async () => {
    const [a, b] = hubs as [HubProcess, HubProcess];
    const admin = new HubClient(a.url);
    await admin.login(adminCredentials.username, adminCredentials.password);
    const onA = await populate({ url: a.url, admin }, pki);
    // A token issued by one process is accepted by the other.
    const cityOnB = new HubClient(b.url, onA.city.currentToken);
    const provinceOnB = new HubClient(b.url);
    await provinceOnB.agencyLogin(testAgencies.province.code, (c) => signDetached(pki.seals.province, c));
    const provinceOnA = new HubClient(a.url, provinceOnB.currentToken);

    const ws = new WebSocket(`${b.url.replace(/^http/, 'ws')}/v1/notices`, {
      headers: { authorization: `Bearer ${provinceOnB.currentToken}` },
    });
    const arrivals = new Set<string>();
    await new Promise<void>((resolve) =>
      ws.on('message', (data) => {
        const notice = JSON.parse(String(data)) as { type: string; messageId?: string };
        if (notice.type === 'ready') resolve();
        if (notice.type === 'arrival' && notice.messageId) arrivals.add(notice.messageId);
      }),
    );

    const pdf = await sealedPdf(pki.seals.city, 'circular');
    const count = 24;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { request, envelope } = await composeSend(
        pki.seals.city,
        {
          sender: testAgencies.city.code,
          recipients: [testAgencies.province.code],
          title: `关于第${i + 1}批项目的报告`,
          docNumber: `宁政报〔2026〕${i + 1}号`,
          kind: 'report',
        },
        pdf,
      );
      ids.push(envelope.messageId);
      // The client "times out" and retries on the other process while the first is in flight.
      const results = await Promise.all([onA.city.send(request), cityOnB.send(request)]);
      expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    }

    // Notices for sends accepted by either process reach the client connected to B.
    await expect.poll(() => ids.every((id) => arrivals.has(id)), { timeout: 10_000 }).toBe(true);
    ws.close();

    // Four agency-system workers, two per process, take delivery concurrently.
    const claimed: string[] = [];
    await Promise.all(
      [provinceOnA, provinceOnA, provinceOnB, provinceOnB].map(async (client) => {
        for (;;) {
          const batch = await client.claim(3);
          if (batch.length === 0) return;
          claimed.push(...batch.map((m) => m.messageId));
        }
      }),
    );
    expect(claimed).toHaveLength(count);
    expect(new Set(claimed)).toEqual(new Set(ids));

    const { rows, head } = await admin.auditAll();
    expect(verifyAuditChain(rows, { head }).ok).toBe(true);
    const ofOurs = (action: string) =>
      rows.filter((r) => r.entry?.action === action && ids.includes(String(r.entry.data['messageId']))).length;
    expect(ofOurs('message.sent')).toBe(count);
    expect(ofOurs('recipient.delivered')).toBe(count);
    expect((await new HubClient(b.url, admin.currentToken).verifyAuditOnHub()).ok).toBe(true);
  }, 120_000);

  it('shuts down gracefully on SIGTERM', async () => {
    const codes = await Promise.all(hubs.map((h) => h.stop()));
    expect(codes).toEqual([0, 0]);
    hubs = [];
  });
});
