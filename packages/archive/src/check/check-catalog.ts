import type { ArchiveCatalog } from '../catalog';
import type { PdfSignatureVerifier } from '../trust';
import { defaultCheckConcurrency, mapConcurrent } from './concurrent';
import { checkItem } from './item-checks';
import { buildReport, ResultList, type CheckReport } from './report';
import { clamAvScanner, type VirusScanner } from './tools';

export interface CatalogCheckOptions {
  pdfVerifier?: PdfSignatureVerifier;
  virusScanner?: VirusScanner;
  /** Only these items; all when omitted. */
  archivalCodes?: string[];
  now?: string;
  /** Items checked at once (default 4). */
  concurrency?: number;
}

/** 四性检测 of items in the catalogue (stored files), and of the 件号 sequences of the whole archive. */
export async function checkCatalog(catalog: ArchiveCatalog, options: CatalogCheckOptions = {}): Promise<CheckReport> {
  const results = new ResultList();
  const virusScanner = options.virusScanner ?? clamAvScanner();
  const codes =
    options.archivalCodes ??
    (catalog.db.prepare('SELECT archival_code AS code FROM items ORDER BY id').all() as { code: string }[]).map(
      (r) => r.code,
    );
  const perItem = await mapConcurrent(codes, options.concurrency ?? defaultCheckConcurrency, async (code) => {
    const itemResults = new ResultList();
    await checkItem(
      itemResults,
      catalog.get(code),
      (file) => (catalog.blobs.has(file.sha256) ? catalog.blobs.get(file.sha256) : undefined),
      { pattern: catalog.pattern, virusScanner, ...(options.pdfVerifier ? { pdfVerifier: options.pdfVerifier } : {}) },
    );
    return itemResults.results;
  });
  for (const itemResults of perItem) results.results.push(...itemResults);
  if (!options.archivalCodes) {
    const gaps = catalog.findNumberingGaps();
    for (const gap of gaps) {
      const group = `${gap.fonds}-${gap.category}·${gap.year}-${gap.retention}-${gap.unit}`;
      results.fail(
        'integrity',
        'INTEGRITY_ITEM_NUMBERS',
        group,
        `件号不连续，缺少：${gap.missing.join('、')}`,
        `Item numbers have gaps; missing: ${gap.missing.join(', ')}`,
      );
    }
    if (gaps.length === 0) {
      results.pass(
        'integrity',
        'INTEGRITY_ITEM_NUMBERS',
        catalog.dir,
        '各组件号连续，无断号。',
        'Item numbers run without gaps in every group.',
      );
    }
  }
  return buildReport(catalog.dir, options.now ?? new Date().toISOString(), results.results);
}
