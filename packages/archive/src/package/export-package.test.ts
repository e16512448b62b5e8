import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRootCa, issueKey, unlockCa, type IssuedKey, type RootCa } from '@oa/signature';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCatalog } from '../catalog';
import { checkPackage } from '../check/check-package';
import type { CheckReport } from '../check/report';
import { packageSignerFromKey, packageVerifierFromTrust } from '../signature-adapters';
import { archiveRequest } from '../test-support';
import { exportPackage } from './export-package';

const agency = { name: '南京市人民政府办公厅', code: '11320100014170019X' };
let root: RootCa;
let otherRoot: RootCa;
let archivist: IssuedKey;
let dir: string;
let catalog: ArchiveCatalog;
let codes: string[];

beforeAll(async () => {
  root = await createRootCa({
    subject: { commonName: '南京市电子政务根证书', organization: '南京市人民政府', country: 'CN' },
    passphrase: 'root-pass',
  });
  otherRoot = await createRootCa({ subject: { commonName: '其他根证书', country: 'CN' }, passphrase: 'other-pass' });
  archivist = await issueKey(unlockCa(root, 'root-pass'), {
    profile: 'seal',
    subject: {
      commonName: `${agency.name}档案专用章`,
      organization: agency.name,
      organizationIdentifier: agency.code,
      country: 'CN',
    },
  });
  dir = mkdtempSync(path.join(tmpdir(), 'oa-eep-'));
  catalog = ArchiveCatalog.open(path.join(dir, 'archive'));
  codes = [];
  for (const [i, retention] of (['Y', 'Y', 'D30'] as const).entries()) {
    codes.push(
      catalog.archive(await archiveRequest({ title: `关于第${i + 1}项工作的通知`, retention }, { pages: i + 1 }))
        .archivalCode,
    );
  }
});
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

async function freshPackage(name: string): Promise<string> {
  const out = path.join(dir, name);
  await exportPackage({
    catalog,
    archivalCodes: codes,
    outDir: out,
    createdBy: agency.name,
    createdAt: '2026-11-23T10:00:00+08:00',
    actor: '档案员 李娜',
    signer: packageSignerFromKey(archivist),
  });
  return out;
}

const trusted = () => ({ packageVerifier: packageVerifierFromTrust({ trustedRoots: [root.certificate] }) });
const failures = (report: CheckReport) =>
  report.results.filter((r) => r.status === 'failed').map((r) => [r.check, r.target.replace(/.*\/files\//, 'files/')]);

describe('EEP export packages', () => {
  it('hold every file, the signed description, and pass 四性检测', async () => {
    const out = await freshPackage('good');
    // Three PDFs and one handling record: the three items' identical records are stored once.
    expect(readdirSync(path.join(out, 'files'))).toHaveLength(4);
    const xml = readFileSync(path.join(out, 'eep.xml'), 'utf8');
    expect(xml).toContain('<档号>J012-WS·2026-Y-BGS-0001</档号>');
    expect(xml).toContain('<业务行为>签发</业务行为>');
    const report = await checkPackage(out, trusted());
    expect(failures(report)).toEqual([]);
    expect(report.results.find((r) => r.check === 'AUTH_PACKAGE_SIGNATURE')).toMatchObject({ status: 'passed' });
    expect(report.ok).toBe(true);
  });

  it('logs the export in each item’s access log', () => {
    expect(catalog.accessLog(codes[0]!).some((entry) => entry.action === 'export')).toBe(true);
  });

  it('report a removed file under integrity', async () => {
    const out = await freshPackage('removed');
    const victim = readdirSync(path.join(out, 'files')).find((f) => f.endsWith('record.json'))!;
    rmSync(path.join(out, 'files', victim));
    const report = await checkPackage(out, trusted());
    expect(failures(report)).toContainEqual(['INTEGRITY_FILE_PRESENT', `${codes[0]}/record.json`]);
    expect(report.ok).toBe(false);
  });

  it('report a changed file by its hash', async () => {
    const out = await freshPackage('changed');
    const victim = readdirSync(path.join(out, 'files')).find((f) => f.endsWith('document.pdf'))!;
    const bytes = readFileSync(path.join(out, 'files', victim));
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] ?? 0) ^ 0xff;
    writeFileSync(path.join(out, 'files', victim), bytes);
    expect(failures(await checkPackage(out, trusted()))).toContainEqual([
      'INTEGRITY_FILE_HASH',
      expect.stringMatching(/document\.pdf$/),
    ]);
  });

  it('report a metadata value out of range, and a description edited after signing', async () => {
    const out = await freshPackage('metadata');
    const file = path.join(out, 'eep.xml');
    const xml = readFileSync(file, 'utf8');
    writeFileSync(file, xml.replace('<保管期限>D30</保管期限>', '<保管期限>D20</保管期限>'));
    const report = await checkPackage(out, trusted());
    expect(failures(report)).toEqual([['AUTH_METADATA_FORMAT', out]]);
    expect(report.results[0]!.reason.en).toMatch(/retention/);

    writeFileSync(file, xml.replace('关于第1项工作的通知', '关于第9项工作的通知'));
    const edited = await checkPackage(out, trusted());
    expect(edited.results.find((r) => r.check === 'AUTH_PACKAGE_SIGNATURE')).toMatchObject({ status: 'failed' });
    expect(edited.results.find((r) => r.check === 'AUTH_PACKAGE_SIGNATURE')?.reason.zh).toContain('摘要不符');
  });

  it('report a package signed under another root as not confirmed', async () => {
    const out = await freshPackage('foreign');
    const report = await checkPackage(out, {
      packageVerifier: packageVerifierFromTrust({ trustedRoots: [otherRoot.certificate] }),
    });
    const result = report.results.find((r) => r.check === 'AUTH_PACKAGE_SIGNATURE');
    expect(result).toMatchObject({ status: 'failed' });
    expect(result?.reason.en).toMatch(/indeterminate.*trusted root/);
  });

  it('report files slipped into the package', async () => {
    const out = await freshPackage('extra');
    writeFileSync(path.join(out, 'files', 'unlisted.pdf'), 'x');
    expect(failures(await checkPackage(out, trusted()))).toEqual([['INTEGRITY_UNLISTED_FILES', out]]);
  });

  it('report a directory without eep.xml', async () => {
    const empty = mkdtempSync(path.join(dir, 'empty-'));
    expect(failures(await checkPackage(empty))).toEqual([['INTEGRITY_DESCRIPTION', empty]]);
  });
});
