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

/**
 * 发文机关署名, 成文日期 and the seal area (GB/T 9704 §7.3.5), with 附注 below: one kept
 * block. Without seals: signature two characters in from the right, date below it moved two
 * characters right. With seals: date four characters in from the right, each signature centred
 * over its seal, joint seals in rows that stay inside the type area, the last over the date.
 * The 命令 format: 签发人职务 and 签名章 four characters in, date one line below.
 */
export function signatureBlock(metrics: Metrics, doc: GongwenDocument): KeptBlock | undefined {
  const { format } = documentFacts(doc);
  if (format === 'minutes') return undefined;
  const date = dateText(doc);
  const width = (text: string, role?: 'kaiti') => setText(metrics, role ? gridStyle(role) : style, text).width;
  const names = doc.signature.names ?? doc.issuers.map((issuer) => issuer.name);
  const sealedIssuers = doc.issuers.map((issuer) => issuer.sealed ?? doc.signature.sealed);
  const note = noteLine(metrics, doc);
  const dateWidth = date ? width(date) : 0;
  const dateX = geometry.right - 4 * cell - dateWidth;
  const dateLine = date ? [lineAt(metrics, [{ text: date, x: dateX }])] : [];

  if (format === 'order') {
    const person = names[0] ?? doc.issuers[0]!.name;
    const title = doc.signature.signerTitle;
    const personX = geometry.right - 4 * cell - width(person, 'kaiti');
    const parts: { text: string; x: number; role?: 'kaiti' }[] = [];
    if (title) parts.push({ text: title, x: personX - 2 * cell - width(title) });
    parts.push({ text: person, x: personX, role: 'kaiti' });
    const seals: KeptBlock['seals'] = sealedIssuers[0]
      ? [
          {
            issuerIndex: 0,
            x: personX + width(person, 'kaiti') / 2,
            linesDown: 0.5,
            pointsDown: 0,
            diameter: mmToPt(gbt9704.seal.signatureStamp),
            from: 'block',
          },
        ]
      : [];
    const lines = [lineAt(metrics, parts), ...(date ? [{ runs: [] }, ...dateLine] : []), ...note];
    return { blankBefore: 2, minBlankBefore: 1, lines, seals };
  }

  if (!sealedIssuers.some(Boolean)) {
    const nameWidth = Math.max(...names.map((n) => width(n)));
    let namesX = geometry.right - 2 * cell - nameWidth;
    let unsealedDateX = namesX + 2 * cell;
    if (unsealedDateX + dateWidth > geometry.right - 2 * cell) {
      unsealedDateX = geometry.right - 2 * cell - dateWidth;
      namesX = unsealedDateX - 2 * cell;
    }
    const lines = names.map((name) => lineAt(metrics, [{ text: name, x: namesX }]));
    if (date) lines.push(lineAt(metrics, [{ text: date, x: unsealedDateX }]));
    return { blankBefore: 1, minBlankBefore: 1, lines: [...lines, ...note], seals: [] };
  }

  // Sealed: signatures in rows (one row for a single issuer), centred over their seals.
  const dateCentre = date ? dateX + dateWidth / 2 : geometry.right - 4 * cell - 3 * cell;
  const widest = Math.max(...names.map((n) => width(n)));
  const pitchX = Math.max(mmToPt(gbt9704.jointSeal.pitch), widest + cell);
  let perRow: number = gbt9704.jointSeal.perRow;
  while (perRow > 1 && dateCentre - (perRow - 1) * pitchX - Math.max(sealRadius, widest / 2) < geometry.left) perRow--;
  const rows: number[][] = [];
  const indices = names.map((_, i) => i);
  const firstRow = indices.length % perRow || perRow;
  rows.push(indices.slice(0, firstRow));
  for (let i = firstRow; i < indices.length; i += perRow) rows.push(indices.slice(i, i + perRow));
  const rowLines = rows.length > 1 ? gbt9704.jointSeal.rowLines : 1;
  const lines: FlowLine[] = [];
  const seals: KeptBlock['seals'] = [];
  rows.forEach((row, r) => {
    const parts = row.map((index, j) => {
      const centre = dateCentre - (row.length - 1 - j) * pitchX;
      const name = names[index]!;
      const x = Math.min(centre - width(name) / 2, geometry.right - width(name));
      if (index < doc.issuers.length && sealedIssuers[index]) {
        seals.push({
          issuerIndex: index,
          x: centre,
          linesDown: sealTopGap + r * rowLines,
          pointsDown: sealRadius,
          diameter: sealDiameter,
          from: 'text',
        });
      }
      return { text: name, x };
    });
    if (r > 0) for (let k = 1; k < rowLines; k++) lines.push({ runs: [] });
    lines.push(lineAt(metrics, parts));
  });
  return { blankBefore: 2, minBlankBefore: 1, lines: [...lines, ...dateLine, ...note], seals };
}
