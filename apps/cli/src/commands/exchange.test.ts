import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createKeyStore, type IssuedKey } from '@oa/signature';
import type { RunningHub } from '@oa/exchange-server';
import {
  adminCredentials,
  createTestPki,
  populate,
  sealedPdf,
  startTestHub,
  freePort,
  testAgencies,
  type TestPki,
} from '@oa/exchange-server/testing';
import { runCli } from '../program';

const pin = 'pin-123456';

/** `oa exchange …` and `oa hub …` against a running hub, with PKCS#12 seal key stores. */
describe('oa exchange / oa hub', () => {
  let pki: TestPki;
  let hub: RunningHub;
  let dir: string;
  let cityP12: string;
  let countyP12: string;
  let pdfFile: string;

  function p12(store: IssuedKey, name: string): string {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      createKeyStore({ signer: store.signer, certificate: store.certificate, chain: store.chain, pin }),
    );
    return file;
  }

  async function oa(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(['--lang', 'en', ...argv, '--hub', hub.url], {
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    pki = await createTestPki();
    const started = await startTestHub(pki, {});
    await populate(started, pki);
    hub = started;
    dir = mkdtempSync(path.join(tmpdir(), 'oa-cli-exchange-'));
    cityP12 = p12(pki.seals.city, 'city.p12');
    countyP12 = p12(pki.seals.county, 'county.p12');
    pdfFile = path.join(dir, 'notice.pdf');
    writeFileSync(pdfFile, await sealedPdf(pki.seals.city, 'CLI notice'));
    writeFileSync(path.join(dir, '附件1.csv'), '单位,联系人\n秣陵县,李娜\n');
    process.env['OA_PIN'] = pin;
  });
  afterAll(async () => {
    delete process.env['OA_PIN'];
    delete process.env['OA_HUB_PASSWORD'];
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
    pki?.remove();
  });

  const sendArgs = (id?: string) => [
    'exchange',
    'send',
    pdfFile,
    '--to',
    `${testAgencies.county.code},${testAgencies.bureau.code}`,
    '--title',
    '关于开展安全生产检查的通知',
    '--doc-number',
    '宁政办发〔2026〕30号',
    '--kind',
    'notice',
    '--attach',
    path.join(dir, '附件1.csv'),
    '--keystore',
    cityP12,
    '--json',
    ...(id ? ['--id', id] : []),
  ];

  it('sends, lists, signs for and reports verified receipts', async () => {
    const sent = await oa(...sendArgs());
    expect(sent.err).toBe('');
    expect(sent.code).toBe(0);
    const { message } = JSON.parse(sent.out) as { message: { messageId: string; documentSha256: string } };

    // Retrying with the same id is recognised.
    const retry = await oa(...sendArgs(message.messageId));
    expect(retry.code).toBe(0);
    expect(JSON.parse(retry.out).duplicate).toBe(true);

    const inbox = await oa('exchange', 'inbox', '--keystore', countyP12);
    expect(inbox.out).toContain(message.messageId);
    expect(inbox.out).toContain('waiting');

    const saved = path.join(dir, 'received.pdf');
    const signed = await oa('exchange', 'sign-for', message.messageId, '--keystore', countyP12, '--out', saved);
    expect(signed.code).toBe(0);
    expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(message.documentSha256);

    const status = await oa(
      'exchange',
      'status',
      message.messageId,
      '--keystore',
      cityP12,
      '--trust-root',
      pki.rootPemFile,
    );
    expect(status.code).toBe(0);
    expect(status.out).toMatch(new RegExp(`${testAgencies.county.code}\\s+signed for`));
    expect(status.out).toMatch(new RegExp(`${testAgencies.bureau.code}\\s+waiting`));
    expect(status.out).toContain(`receipt of ${testAgencies.county.code}: valid`);
  });

  it('returns and recalls', async () => {
    const sent = await oa(...sendArgs());
    const id = (JSON.parse(sent.out) as { message: { messageId: string } }).message.messageId;
    const returned = await oa('exchange', 'return', id, '--keystore', countyP12, '--reason', '非本单位职责');
    expect(returned.code).toBe(0);
    const recalled = await oa('exchange', 'recall', id, '--keystore', cityP12, '--reason', '发错了');
    expect(recalled.out).toMatch(new RegExp(`${testAgencies.bureau.code}\\s+recalled`));
    const again = await oa('exchange', 'recall', id, '--keystore', cityP12);
    expect(again.code).toBe(1);
    expect(again.err).toContain('STATE_CONFLICT');
  });

  it('refuses without a key store for signing commands, and with a wrong PIN', async () => {
    const noKey = await oa(
      'exchange',
      'send',
      pdfFile,
      '--to',
      testAgencies.county.code,
      '--title',
      't',
      '--doc-number',
      '宁政办发〔2026〕31号',
      '--kind',
      'notice',
    );
    expect(noKey.code).toBe(2);
    expect(noKey.err).toContain('USAGE');
    process.env['OA_PIN'] = 'wrong-pin';
    const wrongPin = await oa('exchange', 'inbox', '--keystore', countyP12);
    process.env['OA_PIN'] = pin;
    expect(wrongPin.code).not.toBe(0);
    expect(wrongPin.err).toContain('KEYSTORE_BAD_PIN');
  });

  it('adds a person with their name and department (处室) and lists them', async () => {
    process.env['OA_HUB_PASSWORD'] = adminCredentials.password;
    process.env['OA_NEW_PASSWORD'] = 'new-member-password-2026';
    try {
      const added = await oa(
        'hub',
        'user',
        'add',
        'zhaomin',
        '--user',
        adminCredentials.username,
        '--member',
        `${testAgencies.city.code}:operator`,
        '--name',
        '赵敏',
        '--department',
        '办公室',
      );
      expect(added.code).toBe(0);
      const listed = await oa(
        'hub',
        'user',
        'list',
        '--user',
        adminCredentials.username,
        '--of',
        testAgencies.city.code,
      );
      expect(listed.code).toBe(0);
      expect(listed.out).toContain(`zhaomin  赵敏  办公室  ${testAgencies.city.code}:operator`);
      const blank = await oa('hub', 'user', 'add', 'nobody', '--user', adminCredentials.username, '--department', '  ');
      expect(blank.code).not.toBe(0);
      expect(blank.err).toContain('BAD_REQUEST');
    } finally {
      delete process.env['OA_NEW_PASSWORD'];
    }
  });

  it('verifies the audit chain as an administrator', async () => {
    process.env['OA_HUB_PASSWORD'] = adminCredentials.password;
    const audit = await oa('hub', 'audit', '--user', adminCredentials.username);
    expect(audit.code).toBe(0);
    expect(audit.out).toContain('Audit chain intact');
  });

  it('runs the hub with `oa hub serve` and stops it gracefully on SIGTERM', async () => {
    const port = await freePort();
    const bin = fileURLToPath(new URL('../../bin/oa.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        bin,
        'hub',
        'serve',
        '--port',
        String(port),
        '--data-dir',
        path.join(dir, 'served'),
        '--trust-root',
        pki.rootPemFile,
        '--log-level',
        'warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status, {
        timeout: 20_000,
        interval: 100,
      })
      .toBe(200);
    expect(output).toContain('交换中心已启动');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
