import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyPdf } from '@oa/signature';
import { createNssTrust } from '@oa/signature/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveCatalog, type ArchivedItem } from './catalog';
import { checkCatalog } from './check/check-catalog';
import { checkPackage } from './check/check-package';
import { exportPackage } from './package/export-package';
import { packageSignerFromKey, packageVerifierFromTrust, pdfVerifierFromTrust } from './signature-adapters';
import { archiveSealedDocument, createYearPki, retentions, units, type YearPki } from './year-fixture';

const run = promisify(execFile);
const itemCount = 500;
/** Whole-year steps take a while on a 2-core machine: 500 real documents, each verified. */
const long = 300_000;

let dir: string;
let catalog: ArchiveCatalog;
let pki: YearPki;
let items: ArchivedItem[];
let nss: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'oa-year-'));
  pki = await createYearPki();
  catalog = ArchiveCatalog.open(path.join(dir, 'archive'));
  items = [];
  for (let i = 0; i < itemCount; i++) items.push(await archiveSealedDocument(catalog, pki, i));
  nss = createNssTrust(dir, pki.root.certificate);
}, 600_000);
afterAll(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const trust = () => ({ trustedRoots: [pki.root.certificate], crls: [pki.crl] });
const documentPdf = (item: ArchivedItem) =>
  catalog.blobs.get(item.files.find((f) => f.name === 'document.pdf')!.sha256);

describe(`a year's archive (${itemCount} items, ${units.length} units × ${retentions.length} retention periods)`, () => {
  it('numbers every group 1…N without gaps, in 档号 order', () => {
    expect(catalog.findNumberingGaps()).toEqual([]);
    const groups = new Map<string, number[]>();
    for (const item of items) {
      const key = `${item.metadata.unit}/${item.metadata.retention}`;
      groups.set(key, [...(groups.get(key) ?? []), item.metadata.item]);
    }
    expect(groups.size).toBe(units.length * retentions.length);
    for (const numbers of groups.values()) expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(items[0]!.archivalCode).toBe('J012-WS·2026-Y-BGS-0001');
    expect(new Set(items.map((i) => i.archivalCode)).size).toBe(itemCount);
  });

  it(
    'stamps every item, and every seal and stamp verifies (our verifier)',
    async () => {
      for (const item of items) {
        const report = await verifyPdf(documentPdf(item), trust());
        expect(report.signatures.map((s) => [s.role, s.verdict])).toEqual([
          ['seal', 'valid'],
          ['archive', 'valid'],
        ]);
        expect(report.signatures[1]!.reason).toBe(`归档：J012-2026-${item.metadata.item}`);
      }
    },
    long,
  );

  it(
    'every seal and stamp verifies in pdfsig too',
    async () => {
      const files = items.map((item, i) => {
        const file = path.join(dir, `item-${i}.pdf`);
        writeFileSync(file, documentPdf(item));
        return file;
      });
      const outputs: string[] = [];
      for (let i = 0; i < files.length; i += 2) {
        outputs.push(
          ...(await Promise.all(
            files.slice(i, i + 2).map(async (f) => (await run('pdfsig', ['-nssdir', nss, f])).stdout),
          )),
        );
      }
      for (const output of outputs) {
        expect(output.match(/Signature is Valid\./g)).toHaveLength(2);
        expect(output.match(/Certificate is Trusted\./g)).toHaveLength(2);
      }
    },
    long,
  );

  it(
    'exports one signed package per retention period that passes 四性检测',
    async () => {
      for (const retention of retentions) {
        const out = path.join(dir, `package-${retention}`);
        const codes = items.filter((i) => i.metadata.retention === retention).map((i) => i.archivalCode);
        await exportPackage({
          catalog,
          archivalCodes: codes,
          outDir: out,
          createdBy: '南京市人民政府办公厅',
          createdAt: '2026-12-31T17:00:00+08:00',
          actor: '档案员 李娜',
          signer: packageSignerFromKey(pki.archivist),
        });
        const report = await checkPackage(out, {
          packageVerifier: packageVerifierFromTrust(trust()),
          pdfVerifier: pdfVerifierFromTrust(trust()),
        });
        expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
        expect(report.summary.authenticity.passed).toBeGreaterThan(codes.length * 3);
      }
    },
    long,
  );

  it('reports a document sealed with a revoked seal, naming the revocation', async () => {
    const revoked = await archiveSealedDocument(catalog, pki, itemCount, { revoked: true });
    const report = await checkCatalog(catalog, {
      archivalCodes: [revoked.archivalCode],
      pdfVerifier: pdfVerifierFromTrust(trust()),
    });
    const failures = report.results.filter((r) => r.status === 'failed');
    expect(failures.map((r) => [r.property, r.check])).toEqual([['authenticity', 'AUTH_SIGNATURES']]);
    expect(failures[0]!.reason.zh).toContain('签名时证书已被吊销');
  });
});
