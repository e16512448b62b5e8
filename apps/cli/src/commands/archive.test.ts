import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { createKeyStore, createRootCa, unlockCa } from '@oa/signature';
import { issueArchivistKey } from '@oa/signature/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oa, repoRoot } from '../test-support';

let dir: string;
let archiveDir: string;
const files = { pdf: '', record: '', key: '', root: '' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'oa-cli-archive-'));
  archiveDir = path.join(dir, 'archive');
  const pdf = await PDFDocument.create();
  pdf.addPage();
  pdf.addPage();
  files.pdf = path.join(dir, 'notice.pdf');
  writeFileSync(files.pdf, await pdf.save());
  files.record = path.join(dir, 'record.json');
  writeFileSync(
    files.record,
    JSON.stringify([
      { action: '拟稿', actor: '李华', at: '2026-11-18T09:00:00+08:00' },
      { action: '签发', actor: '王强', at: '2026-11-20T10:00:00+08:00', opinion: '同意。' },
    ]),
  );
  const root = await createRootCa({
    subject: { commonName: '南京市电子政务根证书', country: 'CN' },
    passphrase: 'root-pass',
  });
  const key = await issueArchivistKey(unlockCa(root, 'root-pass'));
  files.key = path.join(dir, 'archivist.p12');
  writeFileSync(files.key, createKeyStore({ ...key, pin: '123456' }));
  files.root = path.join(dir, 'root.pem');
  writeFileSync(files.root, root.certificate.toPem());
});
beforeEach(() => {
  process.env['OA_PIN'] = '123456';
});
afterAll(() => {
  delete process.env['OA_PIN'];
  rmSync(dir, { recursive: true, force: true });
});

const add = (retention = 'Y') =>
  oa(
    'archive',
    'add',
    '--archive',
    archiveDir,
    '--document',
    path.join(repoRoot, 'docs/examples/notice.json'),
    '--pdf',
    files.pdf,
    '--record',
    files.record,
    '--fonds',
    'J012',
    '--unit',
    'BGS',
    '--retention',
    retention,
    '--actor',
    '李娜',
    '--key',
    files.key,
  );

describe('oa archive', () => {
  it('adds finished documents and prints their 档号', async () => {
    expect(await add()).toMatchObject({ code: 0, stdout: 'J012-WS·2026-Y-BGS-0001' });
    expect(await add()).toMatchObject({ code: 0, stdout: 'J012-WS·2026-Y-BGS-0002' });
    expect(await add('定期30年')).toMatchObject({ code: 0, stdout: 'J012-WS·2026-D30-BGS-0001' });
  });

  it('refuses a retention period outside Y / D30 / D10 and archives nothing', async () => {
    const result = await add('D20');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ARCHIVE_METADATA_INVALID: /);
    expect((await oa('archive', 'search', '--archive', archiveDir, '--json')).stdout).not.toContain('D20');
  });

  it('searches by text and by 档号, and logs who viewed an item', async () => {
    const found = await oa('archive', 'search', '--archive', archiveDir, '--text', '冬季安全生产');
    expect(found.stdout.split('\n')).toHaveLength(3);
    expect((await oa('archive', 'search', '--archive', archiveDir, '--code', 'J012-WS·2026-D30')).stdout).toContain(
      '宁政办发〔2026〕12号',
    );
    const shown = await oa(
      'archive',
      'show',
      'J012-WS·2026-Y-BGS-0001',
      '--archive',
      archiveDir,
      '--actor',
      '王强',
      '--purpose',
      '查考',
    );
    expect(JSON.parse(shown.stdout).accessLog).toEqual([
      expect.objectContaining({ actor: '王强', action: 'view', purpose: '查考' }),
    ]);
  });

  it('checks the whole archive', async () => {
    const result = await oa('archive', 'check', archiveDir);
    expect(result.stdout).toMatch(/通过（真实性/);
    expect(result.code).toBe(0);
  });

  it('exports a signed package that passes the check with the root trusted, and fails when tampered', async () => {
    const out = path.join(dir, 'package');
    const exported = await oa(
      'archive',
      'export',
      '--archive',
      archiveDir,
      '--out',
      out,
      '--key',
      files.key,
      '--year',
      '2026',
    );
    expect(exported).toMatchObject({ code: 0 });
    expect(exported.stdout).toContain('已导出 3 件');
    const html = path.join(dir, 'report.html');
    const checked = await oa('archive', 'check', out, '--trust', files.root, '--json', '--html', html);
    expect(checked.code).toBe(0);
    expect(JSON.parse(checked.stdout).results).toContainEqual(
      expect.objectContaining({ check: 'AUTH_PACKAGE_SIGNATURE', status: 'passed' }),
    );
    const pdf = readdirSync(path.join(out, 'files')).find((name) => name.endsWith('document.pdf'))!;
    rmSync(path.join(out, 'files', pdf));
    const tampered = await oa('--lang', 'en', 'archive', 'check', out, '--trust', files.root);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(
      /FAILED integrity INTEGRITY_FILE_PRESENT .*document\.pdf: The file document\.pdf is missing\./,
    );
  });

  it('refuses a wrong PIN without exporting', async () => {
    process.env['OA_PIN'] = '000000';
    const result = await oa(
      'archive',
      'export',
      '--archive',
      archiveDir,
      '--out',
      path.join(dir, 'nope'),
      '--key',
      files.key,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^KEYSTORE_BAD_PIN: /);
  });

  it('says what a path is when it is neither a package nor an archive', async () => {
    const result = await oa('archive', 'check', dir);
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toMatch(/^ARCHIVE_PATH_UNKNOWN: /);
  });
});
