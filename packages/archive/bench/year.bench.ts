/**
 * `pnpm bench` in packages/archive: archiving and checking a year (500 items).
 * Prints items archived per second (归档章 stamped and signed, catalogued) and packages checked
 * per second (四性检测 of one-item EEP packages, signatures verified, every page rendered), against
 * the targets of the archive issue, with the CPU time per package (all threads of this process:
 * the render workers too), and two named peers on the same files: poppler's pdfsig verifying,
 * and poppler's pdftoppm rendering (one process per file, as the check did before) against the
 * check's PDFium workers rendering alone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sealPdf } from '@oa/signature';
import { createNssTrust } from '@oa/signature/testing';
import { ArchiveCatalog } from '../src/catalog';
import { checkPackages } from '../src/check/check-package';
import { PdfRenderPool, renderResolution } from '../src/check/pdf-render-pool';
import { exportPackage } from '../src/package/export-package';
import { packageSignerFromKey, packageVerifierFromTrust, pdfVerifierFromTrust } from '../src/signature-adapters';
import { archiveWithStamp } from '../src/stamp/archive-stamped';
import { archiveRequest } from '../src/test-support';
import { createYearPki, yearSlot } from '../src/year-fixture';

const count = Number(process.env['OA_BENCH_ITEMS'] ?? 500);
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'oa-archive-bench-'));
const rate = (n: number, ms: number) => ((n * 1000) / ms).toFixed(1);
/** CPU time of the calling thread in ms (Linux: /proc/thread-self/stat, in clock ticks of 10 ms). */
const threadCpuMs = (): number | undefined => {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'latin1').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
};

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
  const cpuBefore = process.cpuUsage();
  const mainBefore = threadCpuMs();
  start = performance.now();
  const failed = (await checkPackages(packages, options)).filter((report) => !report.ok).length;
  const checkMs = performance.now() - start;
  const checkCpu = process.cpuUsage(cpuBefore);
  const mainAfter = threadCpuMs();
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
  start = performance.now();
  for (const file of pdfs) await run('pdftoppm', ['-r', String(renderResolution.dpi), file, path.join(dir, 'page')]);
  const pdftoppmMs = performance.now() - start;
  const pool = new PdfRenderPool({ size: 1 });
  await pool.render(readFileSync(pdfs[0]!)); // the worker loads PDFium
  const renderCpuBefore = process.cpuUsage();
  start = performance.now();
  for (const file of pdfs) await pool.render(readFileSync(file));
  const pdfiumMs = performance.now() - start;
  const renderCpu = process.cpuUsage(renderCpuBefore);
  pool.close();
  catalog.close();

  console.log(
    `\narchive (${items.length} items, stamp + sign + catalogue): ${rate(items.length, archiveMs)} items/s  (target ≥ 50)`,
  );
  console.log(
    `四性检测 (${packages.length} one-item packages, ${failed} failed): ${rate(packages.length, checkMs)} packages/s  (target ≥ 100)`,
  );
  const perPackage = (ms: number) => (ms / packages.length).toFixed(1);
  const cpuMs = (checkCpu.user + checkCpu.system) / 1000;
  const mainMs = mainBefore !== undefined && mainAfter !== undefined ? mainAfter - mainBefore : undefined;
  console.log(
    `  CPU time per package: ${perPackage(cpuMs)} ms in all` +
      (mainMs !== undefined
        ? ` (${perPackage(mainMs)} ms on the main thread, ${perPackage(cpuMs - mainMs)} ms on the others: render workers, garbage collection)`
        : ''),
  );
  console.log(`peer: pdfsig verifying 100 of the same stamped PDFs alone: ${rate(pdfs.length, pdfsigMs)} files/s`);
  console.log(
    `peer: pdftoppm rendering them at ${renderResolution.dpi} dpi, one after another: ${rate(pdfs.length, pdftoppmMs)} files/s; ` +
      `the check's PDFium worker: ${rate(pdfs.length, pdfiumMs)} files/s ` +
      `(${((renderCpu.user + renderCpu.system) / 1000 / pdfs.length).toFixed(1)} ms CPU per file)`,
  );
  console.log(
    `(1-minute load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} during the check, on ${availableParallelism()} cores: other work on the machine lowers every figure)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
