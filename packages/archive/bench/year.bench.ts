/**
 * `pnpm bench` in packages/archive: archiving and checking a year (500 items).
 * Prints items archived per second (归档章 stamped and signed, catalogued) and packages checked
 * per second (四性检测 of one-item EEP packages, signatures verified), against the targets of the
 * archive issue, with poppler's pdfsig verifying the same files as the named peer.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sealPdf } from '@oa/signature';
import { createNssTrust } from '@oa/signature/testing';
import { ArchiveCatalog } from '../src/catalog';
import { checkPackages } from '../src/check/check-package';
import { exportPackage } from '../src/package/export-package';
import { packageSignerFromKey, packageVerifierFromTrust, pdfVerifierFromTrust } from '../src/signature-adapters';
import { archiveWithStamp } from '../src/stamp/archive-stamped';
import { archiveRequest } from '../src/test-support';
import { createYearPki, yearSlot } from '../src/year-fixture';

const count = Number(process.env['OA_BENCH_ITEMS'] ?? 500);
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'oa-archive-bench-'));
const rate = (n: number, ms: number) => ((n * 1000) / ms).toFixed(1);

try {
  const pki = await createYearPki();
  console.log(`preparing ${count} sealed one-page documents…`);
  const requests = [];
  for (let i = 0; i < count; i++) {
    const { unit, retention } = yearSlot(i);
    const request = await archiveRequest({ title: `关于第${i + 1}项工作的通知`, unit, retention }, { pages: 1 });
    request.files[0]!.bytes = await sealPdf(request.files[0]!.bytes, {
      keyStore: pki.seal,
      record: pki.record,
      placement: { kind: 'rect', page: 0, x: 340, y: 420, width: 119, height: 119 },
    });
    requests.push(request);
  }
  const catalog = ArchiveCatalog.open(path.join(dir, 'archive'));
  await archiveWithStamp(catalog, requests[0]!, { keyStore: pki.archivist }); // warm up fonts and code

  let start = performance.now();
  const items = [];
  for (const request of requests.slice(1))
    items.push(await archiveWithStamp(catalog, request, { keyStore: pki.archivist }));
  const archiveMs = performance.now() - start;

  const packages: string[] = [];
  for (const item of items) {
    const out = path.join(dir, 'packages', item.archivalCode);
    await exportPackage({
      catalog,
      archivalCodes: [item.archivalCode],
      outDir: out,
      createdBy: '南京市人民政府办公厅',
      createdAt: '2026-12-31T17:00:00+08:00',
      actor: 'bench',
      signer: packageSignerFromKey(pki.archivist),
    });
    packages.push(out);
  }
  const trust = { trustedRoots: [pki.root.certificate], crls: [pki.crl] };
  const options = { packageVerifier: packageVerifierFromTrust(trust), pdfVerifier: pdfVerifierFromTrust(trust) };
  const loadBefore = loadavg()[0]!;
  start = performance.now();
  const failed = (await checkPackages(packages, options)).filter((report) => !report.ok).length;
  const checkMs = performance.now() - start;
  const loadAfter = loadavg()[0]!;

  const nss = createNssTrust(dir, pki.root.certificate);
  const pdfs = items.slice(0, 100).map((item, i) => {
    const file = path.join(dir, `peer-${i}.pdf`);
    writeFileSync(file, catalog.blobs.get(item.files.find((f) => f.name === 'document.pdf')!.sha256));
    return file;
  });
  start = performance.now();
  for (const file of pdfs) await run('pdfsig', ['-nssdir', nss, file]);
  const pdfsigMs = performance.now() - start;
  catalog.close();

  console.log(
    `\narchive (${items.length} items, stamp + sign + catalogue): ${rate(items.length, archiveMs)} items/s  (target ≥ 50)`,
  );
  console.log(
    `四性检测 (${packages.length} one-item packages, ${failed} failed): ${rate(packages.length, checkMs)} packages/s  (target ≥ 100)`,
  );
  console.log(`peer: pdfsig verifying 100 of the same stamped PDFs alone: ${rate(pdfs.length, pdfsigMs)} files/s`);
  console.log(
    `(1-minute load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} during the check, on ${availableParallelism()} cores: other work on the machine lowers every figure)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
