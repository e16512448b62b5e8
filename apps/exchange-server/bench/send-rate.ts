/**
 * Accepted sends per second through the hub (envelope signature and PDF seal verified, stored
 * durably, answered) for 100 KB sealed PDFs from 32 concurrent clients over HTTP, on SQLite and
 * on PostgreSQL served by two hub processes. The named peers, measured in the same run: the
 * physical reference, durable (fsync'ed) 100 KB file writes per second on the same disk, and a
 * bare Fastify route that parses the same bodies and answers 201 (the framework's ceiling).
 * Each server runs in its own process (as deployed), so the load generator does not share its
 * event loop. Every send carries a different PDF (the hub stores content by hash). Next to the
 * rates, the CPU milliseconds each send cost the server processes, PostgreSQL and the clients:
 * on a machine shared with other jobs the rates move with the load, the CPU per send much less,
 * and on N cores the sum bounds the rate at N × 1000 / (ms per send).
 *
 *   pnpm --filter @oa/exchange-server bench   (SENDS=1000 CONCURRENCY=32 PDF_KB=100 to change; ONLY=SQLite for one target)
 */
import { performance } from 'node:perf_hooks';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { composeSend } from '../src/client/compose';
import { cpuMs, cpuMsWithChildren } from './cpu-time';
import { HubClient } from '../src/client/hub-client';
import { encodeSendFrames, sendFramesMediaType } from '../src/exchange/frames';
import { SignatureSealVerifier } from '../src/seal/signature-verifier';
import { adminCredentials, populate } from '../src/test-support/hub';
import { spawnHub, type HubProcess } from '../src/test-support/process';
import { createTestPki, sealedPdf, testAgencies } from '../src/test-support/pki';
import { startTestPostgres } from '../src/test-support/postgres';

const sends = Number(process.env['SENDS'] ?? 1000);
const concurrency = Number(process.env['CONCURRENCY'] ?? 32);
const pdfKb = Number(process.env['PDF_KB'] ?? 100);
/** Sends before the measured ones (JIT, connections, worker start), not counted. */
const warmUp = 100;

/** A send as posted: the JSON form (base64 parts) or the binary one (`/v1/messages/binary`). */
interface Body {
  path: string;
  type: string;
  bytes: Buffer;
}

interface Result {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU milliseconds per send: the server processes (all threads), PostgreSQL, the clients. */
  cpu?: { server: number; database: number | undefined; clients: number };
}

/** Whose CPU time a run counts: the server processes and a PostgreSQL server with its backends. */
interface Counted {
  servers: number[];
  postgres?: number | undefined;
}

function cpuNow(counted: Counted) {
  return {
    server: cpuMs(counted.servers),
    database: counted.postgres === undefined ? undefined : cpuMsWithChildren(counted.postgres),
    clients: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
  };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** One POST over a kept-alive connection; node:http costs the load generator far less CPU than fetch. */
function post(
  agent: Agent,
  url: URL,
  token: string | undefined,
  body: Body,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': body.type,
          'content-length': body.bytes.byteLength,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body.bytes);
  });
}

/** POSTs each body once (to the given URLs in turn), `concurrency` at a time; every answer must be 201. */
async function drive(
  name: string,
  urls: readonly string[],
  token: string | undefined,
  bodies: Body[],
  counted: Counted = { servers: [] },
) {
  const latencies: number[] = [];
  const cpuBefore = cpuNow(counted);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      const base = urls[client % urls.length]!;
      for (let i = next++; i < bodies.length; i = next++) {
        const t0 = performance.now();
        const body = bodies[i]!;
        const answer = await post(agent, new URL(body.path, base), token, body);
        if (answer.status !== 201) throw new Error(`${name}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuNow(counted);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const perSend = (before: number | undefined, after: number | undefined) =>
    before === undefined || after === undefined ? undefined : (after - before) / bodies.length;
  return {
    name,
    perSecond: bodies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    cpu: {
      server: perSend(cpuBefore.server, cpuAfter.server)!,
      database: perSend(cpuBefore.database, cpuAfter.database),
      clients: perSend(cpuBefore.clients, cpuAfter.clients)!,
    },
  } satisfies Result;
}

/** The physical reference: 100 KB files written and fsync'ed one after another, in `dir`. */
function durableWrites(dir: string, size: number, count = 300): Result {
  const data = randomBytes(size);
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const fd = openSync(path.join(dir, `file-${i}`), 'w');
    writeSync(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    name: `reference: fsync'ed ${Math.round(size / 1024)} KB file writes, one at a time`,
    perSecond: count / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}

async function main(): Promise<void> {
  const pki = await createTestPki();
  const scanBytes = pdfKb * 1024 - 12 * 1024;
  // Each send carries its own document, as agencies' sends do: the hub stores content by its
  // hash, so one PDF sent over and over would be written once (SAME_PDF=1 measures that case).
  // The warm-up and the measured sends use different ones; every target starts a fresh database.
  const pdfCount = process.env['SAME_PDF'] === '1' ? 1 : warmUp + sends;
  const pdfs: Uint8Array[] = [];
  for (let i = 0; i < pdfCount; i++) pdfs.push(await sealedPdf(pki.seals.city, `Benchmark notice ${i}`, { scanBytes }));
  const pdf = pdfs[0]!;
  let round = 0;
  /** Fresh send bodies (new message ids), encoded up front so the clients only post them. */
  const compose = async (count: number, form: 'json' | 'binary') => {
    round++;
    const first = count === warmUp ? 0 : warmUp;
    const bodies: Body[] = [];
    for (let i = 0; i < count; i++) {
      const { request, parts } = await composeSend(
        pki.seals.city,
        {
          sender: testAgencies.city.code,
          recipients: [testAgencies.county.code, testAgencies.bureau.code],
          title: `基准测试通知 ${round}-${i}`,
          docNumber: `宁政办发〔2026〕${i + 1}号`,
          kind: 'notice',
        },
        pdfs[(first + i) % pdfs.length]!,
      );
      bodies.push(
        form === 'json'
          ? { path: '/v1/messages', type: 'application/json', bytes: Buffer.from(JSON.stringify(request)) }
          : { path: '/v1/messages/binary', type: sendFramesMediaType, bytes: encodeSendFrames(parts) },
      );
    }
    return bodies;
  };

  const results: Result[] = [];
  const temporary: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'oa-hub-bench-'));
    temporary.push(dir);
    return dir;
  };

  results.push(durableWrites(scratch(), pdf.byteLength));

  const echo = await spawnHub([], {}, 'bench/echo-server.ts');
  await drive('warm-up', [echo.url], undefined, await compose(warmUp, 'json'));
  const echoPid = { servers: [echo.child.pid!] };
  results.push(
    await drive('peer: bare Fastify route, JSON body', [echo.url], undefined, await compose(sends, 'json'), echoPid),
  );
  results.push(
    await drive(
      'peer: bare Fastify route, binary body',
      [echo.url],
      undefined,
      await compose(sends, 'binary'),
      echoPid,
    ),
  );
  await echo.stop();

  const postgres = await startTestPostgres({ durable: true });
  try {
    const env = { OA_HUB_ADMIN_USER: adminCredentials.username, OA_HUB_ADMIN_PASSWORD: adminCredentials.password };
    const common = ['--trust-root', pki.rootPemFile, '--log-level', 'warn'];
    const databaseUrl = await postgres.createDatabase();
    const sqlite = async () => [await spawnHub(['--data-dir', scratch(), ...common], env)];
    const twoOnPostgres = async () => {
      const first = await spawnHub(['--database-url', databaseUrl, ...common], env);
      return [first, await spawnHub(['--database-url', databaseUrl, ...common], env)];
    };
    const targets: Array<[string, () => Promise<HubProcess[]>, 'json' | 'binary']> = [
      ['hub on SQLite, one process, JSON body', sqlite, 'json'],
      ['hub on SQLite, one process, binary body', sqlite, 'binary'],
      ['hub on PostgreSQL, two processes, binary body', twoOnPostgres, 'binary'],
    ];
    for (const [name, start, form] of targets.filter(([name]) => name.includes(process.env['ONLY'] ?? ''))) {
      const hubs = await start();
      try {
        const admin = new HubClient(hubs[0]!.url);
        await admin.login(adminCredentials.username, adminCredentials.password);
        const clients = await populate({ url: hubs[0]!.url, admin }, pki);
        const urls = hubs.map((h) => h.url);
        await drive('warm-up', urls, clients.city.currentToken, await compose(warmUp, form));
        const counted = {
          servers: hubs.map((h) => h.child.pid!),
          postgres: name.includes('PostgreSQL') ? postgres.serverPid : undefined,
        };
        const bodies = await compose(sends, form);
        results.push(await drive(name, urls, clients.city.currentToken, bodies, counted));
      } finally {
        await Promise.all(hubs.map((h) => h.stop()));
      }
    }
  } finally {
    await postgres.stop();
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  }

  console.log(
    `\nSends of ${pdfs.length === 1 ? 'one' : 'a different'} sealed ${Math.round(pdf.byteLength / 1024)} KB PDF each to 2 recipients: ${sends} sends, ${concurrency} concurrent clients, ${availableParallelism()} cores\n`,
  );
  console.log(
    `Load average at the end: ${loadavg()
      .map((n) => n.toFixed(1))
      .join(', ')}\n`,
  );
  console.log('| target | per second | p50 ms | p99 ms | CPU ms per send: server, PostgreSQL, clients |');
  console.log('|---|---:|---:|---:|---:|');
  const ms = (n: number | undefined) => (n === undefined ? '–' : n.toFixed(2));
  for (const r of results) {
    const cpu = r.cpu ? `${ms(r.cpu.server)}, ${ms(r.cpu.database)}, ${ms(r.cpu.clients)}` : '–';
    console.log(`| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${cpu} |`);
  }

  // Where the time goes: the two verifications every send needs, measured alone, as the hub does them.
  const verifier = SignatureSealVerifier.fromFiles([pki.rootPemFile], []);
  const sample = JSON.parse((await compose(1, 'json'))[0]!.bytes.toString()) as {
    envelope: string;
    signature: string;
  };
  const envelopeBytes = new TextEncoder().encode(sample.envelope);
  const signature = Buffer.from(sample.signature, 'base64');
  const time = async (work: () => unknown, rounds = 50) => {
    await work();
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await work();
    return (performance.now() - t0) / rounds;
  };
  const pdfMs = await time(() => verifier.verifyPdf(pdf));
  const envelopeMs = await time(() => verifier.verifyDetached(envelopeBytes, signature));
  console.log(
    `\nPer send, on one core: PDF seal verification ${pdfMs.toFixed(2)} ms, envelope signature ${envelopeMs.toFixed(2)} ms.`,
  );
  const reference = results[0]!;
  for (const r of results.filter((r) => r.name.startsWith('hub'))) {
    const verdict = r.perSecond >= 300 && r.p99 <= 100 ? 'meets' : 'misses';
    console.log(
      `${r.name}: ${((r.perSecond / reference.perSecond) * 100).toFixed(0)}% of the disk's one-at-a-time durable write rate; ${verdict} the target (≥ 300 sends/s, p99 ≤ 100 ms).`,
    );
  }
  pki.remove();
}

await main();
