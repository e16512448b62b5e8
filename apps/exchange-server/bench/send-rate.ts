/**
 * Sends per second through the hub (verify envelope + PDF seal, store durably, answer), over
 * HTTP with a bounded number of concurrent clients, on SQLite and on PostgreSQL; the named peer
 * is a bare Fastify route that parses the same JSON bodies and answers 201, i.e. the ceiling
 * the framework and the HTTP client put on any send route. Each server runs in its own process
 * (as deployed), so the load generator does not share its event loop.
 *
 *   pnpm --filter @oa/exchange-server bench        (SENDS=400 CONCURRENCY=8 to change)
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { Certificate, verifyBytes, verifyPdf } from '@oa/signature';
import { composeSend } from '../src/client/compose';
import type { SendRequest } from '../src/client/hub-client';
import { HubClient } from '../src/client/hub-client';
import { adminCredentials, populate } from '../src/test-support/hub';
import { spawnHub } from '../src/test-support/process';
import { createTestPki, sealedPdf, testAgencies } from '../src/test-support/pki';
import { startTestPostgres } from '../src/test-support/postgres';

const sends = Number(process.env['SENDS'] ?? 400);
const concurrency = Number(process.env['CONCURRENCY'] ?? 8);
/** Verification threads per hub process (the hub's own default: cores − 1, at least 1, at most 4). */
const workers = Number(process.env['VERIFY_WORKERS'] ?? Math.max(1, Math.min(4, availableParallelism() - 1)));

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p95: number;
}

async function drive(name: string, url: string, token: string | undefined, bodies: SendRequest[]): Promise<Result> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < bodies.length; i = next++) {
        const t0 = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(bodies[i]),
        });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`${name}: HTTP ${response.status}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { name, perSecond: bodies.length / seconds, p50: at(0.5), p95: at(0.95) };
}

async function main(): Promise<void> {
  const pki = await createTestPki();
  const pdf = await sealedPdf(pki.seals.city, 'Benchmark notice');
  const compose = async () =>
    Promise.all(
      Array.from(
        { length: sends },
        async (_, i) =>
          (
            await composeSend(
              pki.seals.city,
              {
                sender: testAgencies.city.code,
                recipients: [testAgencies.county.code, testAgencies.bureau.code],
                title: `基准测试通知 ${i}`,
                docNumber: `宁政办发〔2026〕${i + 1}号`,
                kind: 'notice',
              },
              pdf,
            )
          ).request,
      ),
    );

  const results: Result[] = [];
  const temporary: string[] = [];

  const echo = await spawnHub([], {}, 'bench/echo-server.ts');
  results.push(await drive('peer: bare Fastify JSON route', `${echo.url}/v1/messages`, undefined, await compose()));
  await echo.stop();

  const postgres = await startTestPostgres();
  try {
    const dataDir = () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'oa-hub-bench-'));
      temporary.push(dir);
      return ['--data-dir', dir];
    };
    for (const [name, storage] of [
      ['hub on SQLite, verifying on the request thread', [...dataDir(), '--verify-workers', '0']],
      ['hub on SQLite', [...dataDir(), '--verify-workers', String(workers)]],
      ['hub on PostgreSQL', ['--database-url', await postgres.createDatabase(), '--verify-workers', String(workers)]],
    ] as const) {
      const hub = await spawnHub([...storage, '--trust-root', pki.rootPemFile, '--log-level', 'warn'], {
        OA_HUB_ADMIN_USER: adminCredentials.username,
        OA_HUB_ADMIN_PASSWORD: adminCredentials.password,
      });
      try {
        const admin = new HubClient(hub.url);
        await admin.login(adminCredentials.username, adminCredentials.password);
        const clients = await populate({ url: hub.url, admin }, pki);
        results.push(await drive(name, `${hub.url}/v1/messages`, clients.city.currentToken, await compose()));
      } finally {
        await hub.stop();
      }
    }
  } finally {
    await postgres.stop();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `\nSends of a sealed ${Math.round(pdf.byteLength / 1024)} KB PDF to 2 recipients: ${sends} sends, ${concurrency} concurrent clients, ${workers} verification thread(s) per hub, ${availableParallelism()} cores\n`,
  );
  console.log('| target | sends/s | p50 ms | p95 ms |');
  console.log('|---|---:|---:|---:|');
  for (const r of results)
    console.log(`| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`);
  const [peer, , sqlite, pg] = results as [Result, Result, Result, Result];
  // Where the time goes: the two verifications every send needs, measured alone.
  const trust = { trustedRoots: [Certificate.fromPem(readFileSync(pki.rootPemFile, 'utf8'))] };
  const sample = (await compose())[0]!;
  const envelopeBytes = new TextEncoder().encode(sample.envelope);
  const signature = Buffer.from(sample.signature, 'base64');
  const time = async (work: () => unknown, rounds = 30) => {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await work();
    return (performance.now() - t0) / rounds;
  };
  const pdfMs = await time(() => verifyPdf(pdf, trust));
  const envelopeMs = await time(() => verifyBytes(envelopeBytes, signature, trust));
  console.log(
    `\nPer send, on one core: PDF seal verification ${pdfMs.toFixed(1)} ms, envelope signature ${envelopeMs.toFixed(1)} ms.`,
  );
  console.log(
    `\nSQLite reaches ${((sqlite.perSecond / peer.perSecond) * 100).toFixed(0)}% and PostgreSQL ${((pg.perSecond / peer.perSecond) * 100).toFixed(0)}% of the bare framework's rate; the rest is seal verification and durable storage.`,
  );
  pki.remove();
}

await main();
