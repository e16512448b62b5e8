import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveCatalog } from '../catalog';
import { archiveRequest } from '../test-support';
import { checkCatalog } from './check-catalog';
import { renderReportHtml } from './render-report';
import type { CheckReport } from './report';

let dir: string;
let catalog: ArchiveCatalog;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'oa-archive-check-'));
  catalog = ArchiveCatalog.open(dir);
});
afterEach(() => {
  catalog.close();
  rmSync(dir, { recursive: true, force: true });
});

const failed = (report: CheckReport) =>
  report.results.filter((r) => r.status === 'failed').map((r) => [r.check, r.target]);

describe('四性检测 of the archive', () => {
  it('passes a well-formed archive, naming what it could not check', async () => {
    await Promise.all([1, 2, 3].map(async (i) => catalog.archive(await archiveRequest({ title: `通知${i}` }))));
    const report = await checkCatalog(catalog);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary.integrity.passed).toBeGreaterThan(0);
    const skipped = new Set(report.results.filter((r) => r.status === 'skipped').map((r) => r.check));
    expect(skipped).toContain('AUTH_SIGNATURES'); // no trust root given here
  });

  it('names a 件号 gap in its group', async () => {
    for (let i = 1; i <= 3; i++) catalog.archive(await archiveRequest({ title: `通知${i}` }));
    catalog.db.prepare('DELETE FROM item_files WHERE item_id = 2').run();
    catalog.db.prepare('DELETE FROM items WHERE id = 2').run();
    const report = await checkCatalog(catalog);
    expect(failed(report)).toEqual([['INTEGRITY_ITEM_NUMBERS', 'J012-WS·2026-Y-BGS']]);
    expect(report.results.find((r) => r.status === 'failed')?.reason.zh).toBe('件号不连续，缺少：2');
  });

  it('detects a stored file that was changed or removed', async () => {
    const item = catalog.archive(await archiveRequest());
    const pdf = item.files.find((f) => f.role === 'document')!;
    const record = item.files.find((f) => f.role === 'record')!;
    writeFileSync(catalog.blobs.pathOf(pdf.sha256), new TextEncoder().encode('%PDF-1.7 tampered'));
    rmSync(catalog.blobs.pathOf(record.sha256));
    const report = await checkCatalog(catalog);
    expect(failed(report)).toEqual(
      expect.arrayContaining([
        ['INTEGRITY_FILE_HASH', `${item.archivalCode}/document.pdf`],
        ['USABILITY_PDF_OPENS', `${item.archivalCode}/document.pdf`],
        ['USABILITY_PDF_RENDERS', `${item.archivalCode}/document.pdf`], // PDFium refuses it too
        ['INTEGRITY_FILE_PRESENT', `${item.archivalCode}/record.json`],
        ['SECURITY_STORAGE_READABLE', item.archivalCode],
      ]),
    );
  });

  it('detects a page count that differs from the metadata, and fonts not embedded', async () => {
    const request = await archiveRequest({}, { pages: 3, embedFont: false });
    request.metadata.pages = 2;
    const item = catalog.archive(request);
    const report = await checkCatalog(catalog);
    expect(failed(report)).toEqual([
      ['USABILITY_FONTS_EMBEDDED', `${item.archivalCode}/document.pdf`],
      ['AUTH_CONTENT_MATCHES', `${item.archivalCode}/document.pdf`],
    ]);
  });

  it('fails a PDF that opens but whose page content cannot be drawn, naming the page', async () => {
    const request = await archiveRequest({}, { pages: 2 });
    const pdf = await PDFDocument.load(request.files[0]!.bytes);
    const damaged = new Uint8Array(200).map((_, i) => (i * 37) & 255); // not zlib data
    const stream = PDFRawStream.of(pdf.context.obj({ Filter: 'FlateDecode' }), damaged);
    pdf.getPage(1).node.set(PDFName.of('Contents'), pdf.context.register(stream));
    request.files[0]!.bytes = await pdf.save();
    const item = catalog.archive(request);
    const report = await checkCatalog(catalog);
    expect(failed(report)).toEqual([['USABILITY_PDF_RENDERS', `${item.archivalCode}/document.pdf`]]);
    expect(report.results.find((r) => r.status === 'failed')?.reason.zh).toMatch(
      /^无法渲染：第 2 页的内容流无法解码（.+），页面为空白$/,
    );
  });

  it('detects a missing handling record and a format not allowed for archiving', async () => {
    const request = await archiveRequest();
    request.files = request.files.filter((f) => f.role !== 'record');
    request.files.push({
      name: 'notes.docx',
      role: 'attachment',
      mediaType: 'application/msword',
      bytes: new Uint8Array([1, 2]),
    });
    const item = catalog.archive(request);
    expect(failed(await checkCatalog(catalog))).toEqual([
      ['USABILITY_FORMAT_ALLOWED', `${item.archivalCode}/notes.docx`],
      ['INTEGRITY_RECORD', item.archivalCode],
    ]);
  });

  it('renders a readable HTML report', async () => {
    catalog.archive(await archiveRequest());
    const html = renderReportHtml(await checkCatalog(catalog));
    expect(html).toContain('电子档案四性检测报告');
    expect(html).toContain('结论：通过');
    expect(html).toContain('真实性');
  });
});
