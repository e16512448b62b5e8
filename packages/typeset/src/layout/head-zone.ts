import {
  documentFacts,
  formatChineseDate,
  formatClassificationMark,
  parseDocumentDate,
  parseSecrecyPeriod,
  urgencyTable,
  type GongwenDocument,
  type SignerInput,
} from '@oa/shared';
import { gbt9704, geometry, lineCentre, mmToPt } from '../gbt9704';
import type { Composer } from './composer';
import { setText } from './line-break';
import type { Metrics } from './measure';
import type { FlowLine, PlacedRun } from './page-model';
import { centred, flushLeft, flushRight, gridStyle, naturalStyle, runOf } from './text-lines';

const red = gbt9704.red;
const hao3 = gbt9704.size.hao3;

/** The index of the first grid line lying wholly below `y`. */
function firstLineBelow(y: number): number {
  return Math.ceil((geometry.top - y) / geometry.pitch - 1e-6);
}

/**
 * The red 发文机关标志: one line centred, shrunk to the type-area width (and narrowed when
 * even the smallest size is too wide); for a joint issue, the agencies stacked and justified
 * to one width with the suffix (文件) to their right, centred on the stack.
 * Returns the runs and the bottom of the header.
 */
export function redHeader(
  metrics: Metrics,
  names: readonly string[],
  suffix: string,
  top: number,
): { runs: PlacedRun[]; bottom: number } {
  const { max, min, lineGap } = gbt9704.headerSize;
  const unit = (text: string) => setText(metrics, naturalStyle('xiaobiaosong', 100), text).width / 100;
  if (names.length === 1 || suffix === '') {
    const lines = names.length === 1 ? [names[0]! + suffix] : names;
    const widest = Math.max(...lines.map(unit));
    const size = Math.max(min, Math.min(max, geometry.width / widest));
    const hScale = widest * size > geometry.width ? (geometry.width / (widest * size)) * 100 : 100;
    const runs = lines.map((text, i) => {
      const style = naturalStyle('xiaobiaosong', size);
      const line = setText(metrics, style, text);
      const width = (line.width * hScale) / 100;
      return {
        ...runOf(line, style, geometry.left + (geometry.width - width) / 2, red),
        baseline: top - 0.88 * size - i * size * lineGap,
        ...(hScale < 100 ? { hScale } : {}),
      };
    });
    return { runs, bottom: top - size - (lines.length - 1) * size * lineGap };
  }
  const columnEm = Math.max(...names.map(unit));
  const suffixEm = unit(suffix);
  const gapEm = 0.5;
  const stackLimit = mmToPt(gbt9704.headerSize.maxStackHeight) / (1 + (names.length - 1) * lineGap);
  const size = Math.min(max * 0.8, stackLimit, geometry.width / (columnEm + gapEm + suffixEm));
  const style = naturalStyle('xiaobiaosong', size);
  const columnWidth = columnEm * size;
  const blockWidth = columnWidth + gapEm * size + suffixEm * size;
  const x0 = geometry.left + (geometry.width - blockWidth) / 2;
  const runs: PlacedRun[] = names.map((name, i) => {
    const line = setText(metrics, style, name);
    const spread = line.glyphs.length > 1 ? (columnWidth - line.width) / (line.glyphs.length - 1) : 0;
    const glyphs = line.glyphs.map((g, k) => ({ ...g, x: g.x + k * spread }));
    return { role: 'xiaobiaosong', size, x: x0, glyphs, color: red, baseline: top - 0.88 * size - i * size * lineGap };
  });
  const height = size + (names.length - 1) * size * lineGap;
  const suffixLine = setText(metrics, style, suffix);
  runs.push({
    ...runOf(suffixLine, style, x0 + columnWidth + gapEm * size, red),
    baseline: top - height / 2 - 0.38 * size,
  });
  return { runs, bottom: top - height };
}

/** 份号, 密级和保密期限, 紧急程度: stacked from the first line, flush left. */
function stackLines(metrics: Metrics, doc: GongwenDocument): FlowLine[] {
  const lines: FlowLine[] = [];
  if (doc.copyNumber) lines.push(flushLeft(metrics, gridStyle('fangsong'), doc.copyNumber));
  if (doc.classification) {
    const period = doc.classification.period === undefined ? undefined : parseSecrecyPeriod(doc.classification.period);
    lines.push(flushLeft(metrics, gridStyle('heiti'), formatClassificationMark(doc.classification.level, period)));
  }
  if (doc.urgency) lines.push(flushLeft(metrics, gridStyle('heiti'), urgencyTable[doc.urgency].zh));
  return lines;
}

function signerName(signer: SignerInput): string {
  return typeof signer === 'string' ? signer : signer.name;
}

/**
 * 发文字号 centred; for upward documents 发文字号 one character in from the left and
 * 签发人 one character in from the right, two names a line, 发文字号 on the last line.
 * Returns the lines top-down; the last one holds 发文字号.
 */
function numberLines(metrics: Metrics, doc: GongwenDocument): FlowLine[] {
  const style = gridStyle('fangsong');
  const signers = (doc.signers ?? []).map(signerName);
  if (signers.length === 0) return doc.docNumber ? [centred(metrics, style, doc.docNumber)] : [];
  const label = setText(metrics, style, '签发人：');
  const nameStyle = gridStyle('kaiti');
  const rows: string[][] = [];
  for (let i = 0; i < signers.length; i += 2) rows.push(signers.slice(i, i + 2));
  const nameWidth = Math.max(...signers.map((s) => setText(metrics, nameStyle, s).width));
  const rowWidth = label.width + nameWidth * 2 + geometry.cell;
  const x0 = geometry.right - geometry.cell - (rows.some((r) => r.length > 1) ? rowWidth : label.width + nameWidth);
  return rows.map((row, i) => {
    const runs = [
      ...(i === 0 ? [runOf(label, style, x0)] : []),
      ...row.map((name, k) =>
        runOf(setText(metrics, nameStyle, name), nameStyle, x0 + label.width + k * (nameWidth + geometry.cell)),
      ),
    ];
    if (i === rows.length - 1 && doc.docNumber)
      runs.push(runOf(setText(metrics, style, doc.docNumber), style, geometry.left + geometry.cell));
    return { runs };
  });
}

/** 纪要: its number (期数) centred, then the issuing office flush left and the date flush right. */
function minutesLines(metrics: Metrics, doc: GongwenDocument): FlowLine[] {
  const style = gridStyle('fangsong');
  const lines = doc.docNumber ? [centred(metrics, style, doc.docNumber)] : [];
  const parsed = doc.signature.date ? parseDocumentDate(doc.signature.date) : undefined;
  const date = parsed?.ok ? formatChineseDate(parsed.date) : '';
  const office = flushLeft(metrics, style, doc.issuers[0]!.name, 1);
  if (date) office.runs.push(...flushRight(metrics, style, date, 1).runs);
  lines.push(office);
  return lines;
}

function issuerHeaderNames(doc: GongwenDocument): string[] {
  return doc.issuers.map((issuer) => issuer.headerName ?? issuer.name);
}

/**
 * Lays out the heading zone (版头) of page 1 for the document's format and leaves the
 * composer on the line where the title (or, in the order format, the body) starts.
 * Returns whether the title is printed.
 */
export function layoutHeadZone(metrics: Metrics, doc: GongwenDocument, composer: Composer): { printTitle: boolean } {
  const { format } = documentFacts(doc);
  const stack = stackLines(metrics, doc);
  const page = composer.page;
  if (format === 'letter') return letterHeadZone(metrics, doc, composer, stack);
  stack.forEach((line, i) => composer.placeAt(i, line));
  const names = doc.header ? [doc.header] : issuerHeaderNames(doc);
  const suffix = doc.header ? '' : format === 'order' ? '令' : format === 'minutes' ? '纪要' : '文件';
  const headerTop =
    geometry.top -
    mmToPt(gbt9704.headerTop[format === 'order' ? 'order' : format === 'minutes' ? 'minutes' : 'standard']);
  const header = redHeader(
    metrics,
    names.length > 1 && format !== 'standard' ? [names.join('')] : names,
    suffix,
    headerTop,
  );
  page.runs.push(...header.runs);
  const numbers = format === 'minutes' ? minutesLines(metrics, doc) : numberLines(metrics, doc);
  const numberLine = Math.max(
    firstLineBelow(header.bottom) + 2 + numbers.length - 1,
    stack.length + numbers.length - 1,
  );
  numbers.forEach((line, i) => composer.placeAt(numberLine - numbers.length + 1 + i, line));
  if (format === 'order') {
    composer.cursor = numberLine + 3;
    return { printTitle: false };
  }
  const separatorY = lineCentre(numberLine) - hao3 / 2 - mmToPt(gbt9704.separator.below);
  page.rules.push({
    x1: geometry.left,
    x2: geometry.right,
    y: separatorY,
    width: mmToPt(gbt9704.separator.width),
    color: red,
  });
  composer.cursor = Math.floor((geometry.top - separatorY) / geometry.pitch) + 3;
  return { printTitle: true };
}

/** 信函格式: full agency name 30 mm from the page top, red double lines 170 mm long. */
function letterHeadZone(
  metrics: Metrics,
  doc: GongwenDocument,
  composer: Composer,
  stack: FlowLine[],
): { printTitle: boolean } {
  const page = composer.page;
  const letter = gbt9704.letter;
  const names = doc.header ? [doc.header] : issuerHeaderNames(doc);
  const header = redHeader(metrics, names, '', geometry.pageHeight - mmToPt(letter.headerTopFromPage));
  page.runs.push(...header.runs);
  const x1 = (geometry.pageWidth - mmToPt(letter.doubleLineLength)) / 2;
  const x2 = geometry.pageWidth - x1;
  const upper = header.bottom - mmToPt(letter.doubleLineBelow);
  const thick = mmToPt(letter.doubleLine.thick);
  const thin = mmToPt(letter.doubleLine.thin);
  const gap = mmToPt(letter.doubleLine.gap);
  // Thick over thin under the header; thin over thick at the bottom.
  page.rules.push({ x1, x2, y: upper, width: thick, color: red }, { x1, x2, y: upper - gap, width: thin, color: red });
  const lower = mmToPt(letter.bottomLineFromPageBottom);
  page.rules.push({ x1, x2, y: lower + gap, width: thin, color: red }, { x1, x2, y: lower, width: thick, color: red });
  // The first element's top is 7/8 of a 3号 character below the double line.
  const first = firstLineBelow(upper - gap - (hao3 * 7) / 8);
  stack.forEach((line, i) => composer.placeAt(first + i, line));
  if (doc.docNumber) composer.placeAt(first, flushRight(metrics, gridStyle('fangsong'), doc.docNumber));
  const last = first + Math.max(stack.length, doc.docNumber ? 1 : 0) - 1;
  composer.cursor = last + 3;
  composer.page.pageNumber = false;
  return { printTitle: true };
}
