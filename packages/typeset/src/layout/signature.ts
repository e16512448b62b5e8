import { documentFacts, formatChineseDate, parseDocumentDate, type GongwenDocument } from '@oa/shared';
import { gbt9704, geometry, mmToPt } from '../gbt9704';
import type { KeptBlock } from './composer';
import { setText } from './line-break';
import type { Metrics } from './measure';
import type { FlowLine } from './page-model';
import { gridStyle, runOf } from './text-lines';

const style = gridStyle('fangsong');
const cell = geometry.cell;
const sealDiameter = mmToPt(gbt9704.seal.diameter);
const sealRadius = sealDiameter / 2;
/** The seal's top sits this many lines below the text above it (within one line, §7.3.5.1). */
const sealTopGap = 0.3;

function dateText(doc: GongwenDocument): string | undefined {
  if (!doc.signature.date) return undefined;
  const parsed = parseDocumentDate(doc.signature.date);
  return parsed.ok ? formatChineseDate(parsed.date) : doc.signature.date;
}

/** A line with texts at absolute x positions. */
function lineAt(metrics: Metrics, parts: readonly { text: string; x: number; role?: 'kaiti' }[]): FlowLine {
  return {
    runs: parts.map((part) => {
      const partStyle = part.role ? gridStyle(part.role) : style;
      return runOf(setText(metrics, partStyle, part.text), partStyle, part.x);
    }),
  };
}

function noteLine(metrics: Metrics, doc: GongwenDocument): FlowLine[] {
  if (!doc.note?.trim()) return [];
  const note = doc.note.trim();
  const text = note.startsWith('（') ? note : `（${note}）`;
  return [lineAt(metrics, [{ text, x: geometry.left + 2 * cell }])];
}

/** What every variant of the block needs. */
interface BlockContext {
  metrics: Metrics;
  doc: GongwenDocument;
  /** 发文机关署名 as printed. */
  names: readonly string[];
  /** Whether each issuer stamps its seal. */
  sealed: readonly boolean[];
  date: string | undefined;
  note: FlowLine[];
  width(text: string, role?: 'kaiti'): number;
}

/** The date four characters in from the right (sealed and order formats). */
function dateFourIn(context: BlockContext): { line: FlowLine[]; centre: number } {
  const { date } = context;
  if (!date) return { line: [], centre: geometry.right - 7 * cell };
  const x = geometry.right - 4 * cell - context.width(date);
  return { line: [lineAt(context.metrics, [{ text: date, x }])], centre: x + context.width(date) / 2 };
}

/** 命令: 签发人职务, then the name where the 签名章 goes, four in from the right; the date a line below. */
function orderBlock(context: BlockContext): KeptBlock {
  const { doc, width } = context;
  const person = context.names[0] ?? doc.issuers[0]!.name;
  const title = doc.signature.signerTitle;
  const personX = geometry.right - 4 * cell - width(person, 'kaiti');
  const parts: { text: string; x: number; role?: 'kaiti' }[] = [];
  if (title) parts.push({ text: title, x: personX - 2 * cell - width(title) });
  parts.push({ text: person, x: personX, role: 'kaiti' });
  const stamp = {
    issuerIndex: 0,
    x: personX + width(person, 'kaiti') / 2,
    linesDown: 0.5,
    pointsDown: 0,
    diameter: mmToPt(gbt9704.seal.signatureStamp),
    from: 'block' as const,
  };
  const date = dateFourIn(context).line;
  const lines = [lineAt(context.metrics, parts), ...(date.length > 0 ? [{ runs: [] }, ...date] : []), ...context.note];
  return { blankBefore: 2, minBlankBefore: 1, lines, seals: context.sealed[0] ? [stamp] : [] };
}

/**
 * Without seals: signatures two characters in from the right, one under another; the date
 * below them starting two characters further right (or two in from the right when longer).
 */
function unsealedBlock(context: BlockContext): KeptBlock {
  const { metrics, names, date, width } = context;
  const nameWidth = Math.max(...names.map((n) => width(n)));
  const dateWidth = date ? width(date) : 0;
  let namesX = geometry.right - 2 * cell - nameWidth;
  let dateX = namesX + 2 * cell;
  if (dateX + dateWidth > geometry.right - 2 * cell) {
    dateX = geometry.right - 2 * cell - dateWidth;
    namesX = dateX - 2 * cell;
  }
  const lines = names.map((name) => lineAt(metrics, [{ text: name, x: namesX }]));
  if (date) lines.push(lineAt(metrics, [{ text: date, x: dateX }]));
  return { blankBefore: 1, minBlankBefore: 1, lines: [...lines, ...context.note], seals: [] };
}

/** Issuer indices in rows of at most `perRow`, the short row first so the last row is full. */
function sealRows(count: number, perRow: number): number[][] {
  const indices = Array.from({ length: count }, (_, i) => i);
  const first = count % perRow || perRow;
  const rows = [indices.slice(0, first)];
  for (let i = first; i < count; i += perRow) rows.push(indices.slice(i, i + perRow));
  return rows;
}

/**
 * With seals: the date four characters in from the right; signatures in rows, each centred
 * over its seal, seals far enough apart not to touch and inside the type area, the rows
 * aligned on the date so the last seal covers it.
 */
function sealedBlock(context: BlockContext): KeptBlock {
  const { metrics, doc, names, width } = context;
  const date = dateFourIn(context);
  const widest = Math.max(...names.map((n) => width(n)));
  const pitchX = Math.max(mmToPt(gbt9704.jointSeal.pitch), widest + cell);
  let perRow: number = gbt9704.jointSeal.perRow;
  while (perRow > 1 && date.centre - (perRow - 1) * pitchX - Math.max(sealRadius, widest / 2) < geometry.left) perRow--;
  const rows = sealRows(names.length, perRow);
  const rowLines = rows.length > 1 ? gbt9704.jointSeal.rowLines : 1;
  const lines: FlowLine[] = [];
  const seals: KeptBlock['seals'] = [];
  rows.forEach((row, r) => {
    const parts = row.map((index, j) => {
      const centre = date.centre - (row.length - 1 - j) * pitchX;
      const name = names[index]!;
      if (index < doc.issuers.length && context.sealed[index]) {
        seals.push({
          issuerIndex: index,
          x: centre,
          linesDown: sealTopGap + r * rowLines,
          pointsDown: sealRadius,
          diameter: sealDiameter,
          from: 'text',
        });
      }
      return { text: name, x: Math.min(centre - width(name) / 2, geometry.right - width(name)) };
    });
    if (r > 0) for (let k = 1; k < rowLines; k++) lines.push({ runs: [] });
    lines.push(lineAt(metrics, parts));
  });
  return { blankBefore: 2, minBlankBefore: 1, lines: [...lines, ...date.line, ...context.note], seals };
}

/**
 * 发文机关署名, 成文日期 and the seal areas (GB/T 9704 §7.3.5), with 附注 below, as one kept
 * block; 纪要 have none.
 */
export function signatureBlock(metrics: Metrics, doc: GongwenDocument): KeptBlock | undefined {
  const { format } = documentFacts(doc);
  if (format === 'minutes') return undefined;
  const context: BlockContext = {
    metrics,
    doc,
    names: doc.signature.names ?? doc.issuers.map((issuer) => issuer.name),
    sealed: doc.issuers.map((issuer) => issuer.sealed ?? doc.signature.sealed),
    date: dateText(doc),
    note: noteLine(metrics, doc),
    width: (text, role) => setText(metrics, role ? gridStyle(role) : style, text).width,
  };
  if (format === 'order') return orderBlock(context);
  return context.sealed.some(Boolean) ? sealedBlock(context) : unsealedBlock(context);
}
