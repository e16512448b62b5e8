import { formatArchivalCode, type LocalizedText } from '@oa/shared';
import { sha256Hex } from '../blob-store';
import type { EepItem } from '../eep/description';
import { handlingRecordSchema } from '../record';
import type { PdfSignatureVerifier } from '../trust';
import type { PDFDocument } from 'pdf-lib';
import { parsePdf, pdfFacts, undecodableContent } from './pdf-facts';
import type { PageRender } from './pdf-render-pool';
import type { ResultList } from './report';
import { renderPdf, type VirusScanner } from './tools';

export const allowedMediaTypes: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'application/ofd': ['.ofd'],
  'application/json': ['.json'],
  'application/xml': ['.xml'],
  'image/png': ['.png'],
  'image/jpeg': ['.jpg', '.jpeg'],
};

export interface ItemCheckOptions {
  pattern: string;
  pdfVerifier?: PdfSignatureVerifier;
  virusScanner: VirusScanner;
}

/** A file as the checks need it (a package's files also carry their path). */
type FileOf = Omit<EepItem['files'][number], 'path'>;

/**
 * The 四性 checks of one item whose files are read by `load` (from a package directory or the
 * catalogue's store). `load` returns undefined for a missing file.
 */
export async function checkItem<F extends FileOf>(
  results: ResultList,
  item: Pick<EepItem, 'archivalCode' | 'metadata'> & { files: F[] },
  load: (file: F) => Uint8Array | undefined,
  options: ItemCheckOptions,
): Promise<void> {
  const code = item.archivalCode;
  const expectedCode = formatArchivalCode(item.metadata, options.pattern);
  if (expectedCode === code) {
    results.pass('authenticity', 'AUTH_ARCHIVAL_CODE', code, '档号与元数据一致。', 'The 档号 matches the metadata.');
  } else {
    results.fail(
      'authenticity',
      'AUTH_ARCHIVAL_CODE',
      code,
      `档号与元数据不一致，按元数据应为“${expectedCode}”。`,
      `The 档号 does not match the metadata; it should be ${expectedCode}.`,
    );
  }

  const documents = item.files.filter((f) => f.role === 'document');
  if (documents.length === 0) {
    results.fail(
      'integrity',
      'INTEGRITY_DOCUMENT',
      code,
      '缺少正式公文文件。',
      'The document file is missing from the item.',
    );
  } else {
    results.pass('integrity', 'INTEGRITY_DOCUMENT', code, '包含正式公文文件。', 'The item has its document.');
  }

  let readable = true;
  for (const file of item.files) {
    const target = `${code}/${file.name}`;
    const bytes = load(file);
    if (!bytes) {
      readable = false;
      results.fail(
        'integrity',
        'INTEGRITY_FILE_PRESENT',
        target,
        `文件“${file.name}”缺失。`,
        `The file ${file.name} is missing.`,
      );
      continue;
    }
    results.pass('integrity', 'INTEGRITY_FILE_PRESENT', target, '文件存在。', 'The file is present.');
    const hash = sha256Hex(bytes);
    if (hash !== file.sha256 || bytes.byteLength !== file.size) {
      results.fail(
        'integrity',
        'INTEGRITY_FILE_HASH',
        target,
        `文件“${file.name}”的摘要值与登记值不符（可能被篡改）。`,
        `The SHA-256 of ${file.name} differs from the recorded one (the file was changed).`,
      );
    } else {
      results.pass('integrity', 'INTEGRITY_FILE_HASH', target, 'SHA-256 摘要值一致。', 'The SHA-256 matches.');
    }

    const extensions = allowedMediaTypes[file.mediaType];
    const extensionOk = extensions?.some((ext) => file.name.toLowerCase().endsWith(ext)) ?? false;
    if (extensionOk) {
      results.pass(
        'usability',
        'USABILITY_FORMAT_ALLOWED',
        target,
        `格式 ${file.mediaType} 符合归档要求。`,
        `The format ${file.mediaType} is allowed.`,
      );
    } else {
      results.fail(
        'usability',
        'USABILITY_FORMAT_ALLOWED',
        target,
        `格式 ${file.mediaType}（${file.name}）不在允许的归档格式之列。`,
        `The format ${file.mediaType} (${file.name}) is not an allowed archival format.`,
      );
    }

    const scan = options.virusScanner.scan(bytes, file.name);
    if (scan.status === 'clean')
      results.pass('security', 'SECURITY_VIRUS_SCAN', target, '病毒检测通过。', 'Virus scan clean.');
    else if (scan.status === 'infected')
      results.fail(
        'security',
        'SECURITY_VIRUS_SCAN',
        target,
        `检测到病毒：${scan.detail}`,
        `Virus found: ${scan.detail}`,
      );
    else
      results.skip(
        'security',
        'SECURITY_VIRUS_SCAN',
        target,
        `未进行病毒检测（${scan.detail}）。`,
        `Virus scan skipped (${scan.detail}).`,
      );

    if (file.mediaType === 'application/pdf') await checkPdf(results, target, bytes, file, item, options);
    if (file.role === 'record') checkRecordFile(results, target, bytes);
  }
  if (!item.files.some((f) => f.role === 'record')) {
    results.fail(
      'integrity',
      'INTEGRITY_RECORD',
      code,
      '缺少办理过程记录（流转记录）。',
      'The handling record (流转记录) is missing.',
    );
  }
  if (readable) {
    results.pass('security', 'SECURITY_STORAGE_READABLE', code, '全部文件可读。', 'Every file is readable.');
  } else {
    results.fail('security', 'SECURITY_STORAGE_READABLE', code, '部分文件无法读取。', 'Some files cannot be read.');
  }
}

function checkRecordFile(results: ResultList, target: string, bytes: Uint8Array): void {
  try {
    const record = handlingRecordSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    if (record.length === 0) throw new Error('empty');
    results.pass(
      'integrity',
      'INTEGRITY_RECORD',
      target,
      `办理过程记录完整（${record.length} 条）。`,
      `The handling record has ${record.length} entries.`,
    );
  } catch {
    results.fail(
      'integrity',
      'INTEGRITY_RECORD',
      target,
      '办理过程记录无法读取或为空。',
      'The handling record cannot be read or is empty.',
    );
  }
}

async function checkPdf(
  results: ResultList,
  target: string,
  bytes: Uint8Array,
  file: FileOf,
  item: Pick<EepItem, 'metadata'>,
  options: ItemCheckOptions,
): Promise<void> {
  const rendering = renderPdf(bytes); // in a worker thread, while the checks below run
  const parsed = await checkPdfInProcess(results, target, bytes, file, item, options);
  const rendered = await rendering;
  const problem = rendered.ok ? blankPageProblem(rendered.pages, parsed) : { zh: rendered.detail, en: rendered.detail };
  if (problem === undefined)
    results.pass(
      'usability',
      'USABILITY_PDF_RENDERS',
      target,
      `各页均可正常渲染（${rendered.ok ? rendered.pages.length : 0} 页）。`,
      `Every page renders (${rendered.ok ? rendered.pages.length : 0}).`,
    );
  else
    results.fail(
      'usability',
      'USABILITY_PDF_RENDERS',
      target,
      `无法渲染：${problem.zh}`,
      `It does not render: ${problem.en}`,
    );
}

/**
 * A page on which PDFium drew nothing and found no object to draw is blank by design (GB/T
 * 9704 allows a blank page before the 版记 page) unless its content stream cannot be decoded:
 * then its content is lost, which the renderer itself does not report.
 */
function blankPageProblem(pages: readonly PageRender[], parsed: PDFDocument | undefined): LocalizedText | undefined {
  if (!parsed) return undefined; // it does not open in pdf-lib: USABILITY_PDF_OPENS fails already
  for (const [index, page] of pages.entries()) {
    if (page.drawn || page.objects > 0 || index >= parsed.getPageCount()) continue;
    const reason = undecodableContent(parsed, index);
    if (reason !== undefined)
      return {
        zh: `第 ${index + 1} 页的内容流无法解码（${reason}），页面为空白`,
        en: `page ${index + 1}: its content stream cannot be decoded (${reason}); nothing is drawn`,
      };
  }
  return undefined;
}

async function checkPdfInProcess(
  results: ResultList,
  target: string,
  bytes: Uint8Array,
  file: FileOf,
  item: Pick<EepItem, 'metadata'>,
  options: ItemCheckOptions,
): Promise<PDFDocument | undefined> {
  let parsed, facts;
  try {
    parsed = await parsePdf(bytes);
    facts = pdfFacts(parsed);
  } catch (error) {
    results.fail(
      'usability',
      'USABILITY_PDF_OPENS',
      target,
      `PDF 无法打开：${(error as Error).message}`,
      `The PDF does not open: ${(error as Error).message}`,
    );
    return undefined;
  }
  results.pass(
    'usability',
    'USABILITY_PDF_OPENS',
    target,
    `PDF 可以打开（${facts.pageCount} 页）。`,
    `The PDF opens (${facts.pageCount} pages).`,
  );
  if (facts.unembeddedFonts.length === 0) {
    results.pass('usability', 'USABILITY_FONTS_EMBEDDED', target, '字体均已嵌入。', 'All fonts are embedded.');
  } else {
    const names = facts.unembeddedFonts.join(', ');
    results.fail(
      'usability',
      'USABILITY_FONTS_EMBEDDED',
      target,
      `字体未嵌入：${names}`,
      `Fonts not embedded: ${names}`,
    );
  }
  if (file.role === 'document') {
    if (facts.pageCount === item.metadata.pages) {
      results.pass(
        'authenticity',
        'AUTH_CONTENT_MATCHES',
        target,
        '页数与元数据一致。',
        'The page count matches the metadata.',
      );
    } else {
      results.fail(
        'authenticity',
        'AUTH_CONTENT_MATCHES',
        target,
        `页数为 ${facts.pageCount}，元数据记为 ${item.metadata.pages}。`,
        `The PDF has ${facts.pageCount} pages; the metadata says ${item.metadata.pages}.`,
      );
    }
  }
  if (!options.pdfVerifier) {
    results.skip(
      'authenticity',
      'AUTH_SIGNATURES',
      target,
      '未配置信任根，未验证电子签名。',
      'No trust root configured; signatures not verified.',
    );
    return parsed;
  }
  const reports = await options.pdfVerifier.verifyPdf(bytes, parsed);
  if (reports.length === 0) {
    results.skip(
      'authenticity',
      'AUTH_SIGNATURES',
      target,
      '文件不含电子签名或印章。',
      'The file carries no signature or seal.',
    );
  }
  for (const report of reports) {
    const who = `${report.signer}（${report.kind}）`;
    if (report.status === 'valid') {
      results.pass(
        'authenticity',
        'AUTH_SIGNATURES',
        target,
        `${who}签名有效。`,
        `The signature of ${report.signer} (${report.kind}) is valid.`,
      );
    } else {
      const zh = report.reasons.map((r) => r.zh).join('；');
      const en = report.reasons.map((r) => r.en).join('; ');
      results.fail(
        'authenticity',
        'AUTH_SIGNATURES',
        target,
        `${who}签名${report.status === 'invalid' ? '无效' : '无法确认'}：${zh}`,
        `The signature of ${report.signer} (${report.kind}) is ${report.status}: ${en}`,
      );
    }
  }
  return parsed;
}
