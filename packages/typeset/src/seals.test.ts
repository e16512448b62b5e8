import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GongwenDocument, SealPosition } from '@oa/shared';
import { readExample, testFonts } from './testing/corpus';
import { pdfTextLines, type TextLine } from './testing/pdf-inspect';
import { typeset } from './typeset';

const dir = mkdtempSync(path.join(os.tmpdir(), 'oa-seals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mm = (pt: number) => (pt * 25.4) / 72;
const pageHeight = 297;
const gb = { left: 28, right: 184, pitch: 225 / 22, cell: 156 / 28 };
const centreOf = (line: TextLine) => ({ x: (line.xMin + line.xMax) / 2, y: (line.yMin + line.yMax) / 2 });

/** A seal in millimetres from the page's top left, as the text lines are. */
function sealMm(seal: SealPosition) {
  return { x: mm(seal.centerX), y: pageHeight - mm(seal.centerY), r: mm(seal.diameter) / 2 };
}

async function typesetToText(name: string, doc: GongwenDocument) {
  const result = await typeset(doc, await testFonts());
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, result.pdf);
  return { result, text: pdfTextLines(file) };
}

describe('seal positions', () => {
  it('centres a single seal over signature and date, its top within a line of the text above', async () => {
    const doc = readExample('short-notice');
    const { result, text } = await typesetToText('single', doc);
    expect(result.sealPositions).toHaveLength(1);
    const seal = result.sealPositions[0]!;
    expect(seal).toMatchObject({ issuerCode: doc.issuers[0]!.code, issuerName: doc.issuers[0]!.name });
    const lines = text.pages[seal.page]!.lines;
    const date = lines.find((l) => l.text === '2026年11月20日')!;
    const signature = lines.find((l) => l.text === doc.issuers[0]!.name && l.yMin > 150)!;
    const { x, y, r } = sealMm(seal);
    expect(Math.abs(x - centreOf(date).x)).toBeLessThan(0.5);
    expect(Math.abs(x - centreOf(signature).x)).toBeLessThan(0.5);
    // Date four characters in from the right.
    expect(Math.abs(date.xMax - (gb.right - 4 * gb.cell))).toBeLessThan(1);
    // The seal presses on both, which sit below its centre.
    for (const line of [date, signature])
      expect(Math.hypot(centreOf(line).x - x, centreOf(line).y - y)).toBeLessThan(r);
    expect((centreOf(date).y + centreOf(signature).y) / 2).toBeGreaterThan(y);
    const above = lines.filter((l) => l.yMax < signature.yMin).sort((a, b) => b.yMax - a.yMax)[0]!;
    const top = y - r;
    expect(top).toBeGreaterThan(above.yMax);
    expect(top - above.yMax).toBeLessThan(gb.pitch);
  });

  it('gives each of three joint issuers its own seal, none touching, inside the type area, the last over the date', async () => {
    const doc = readExample('joint-3-agencies-notice');
    const { result, text } = await typesetToText('joint', doc);
    expect(result.sealPositions.map((s) => s.issuerCode)).toEqual(doc.issuers.map((i) => i.code));
    const seals = result.sealPositions.map(sealMm);
    for (let i = 0; i < seals.length; i++) {
      expect(seals[i]!.x - seals[i]!.r).toBeGreaterThanOrEqual(gb.left);
      expect(seals[i]!.x + seals[i]!.r).toBeLessThanOrEqual(gb.right);
      for (let j = i + 1; j < seals.length; j++) {
        expect(Math.hypot(seals[i]!.x - seals[j]!.x, seals[i]!.y - seals[j]!.y)).toBeGreaterThan(
          seals[i]!.r + seals[j]!.r,
        );
      }
    }
    const page = text.pages[result.sealPositions[2]!.page]!.lines;
    const date = centreOf(page.find((l) => l.text === '2026年11月10日')!);
    const last = seals[2]!;
    expect(Math.hypot(date.x - last.x, date.y - last.y)).toBeLessThan(last.r);
    doc.issuers.forEach((issuer, i) => {
      const name = page.find((l) => l.text.includes(issuer.name) && l.yMin > 100);
      expect(name, issuer.name).toBeDefined();
      const word = name!.words.find((w) => w.text === issuer.name) ?? name!;
      expect(Math.abs((word.xMin + word.xMax) / 2 - seals[i]!.x), issuer.name).toBeLessThan(0.5);
    });
  });

  it('without seals: signature two characters in from the right, date below moved two characters right', async () => {
    const doc = readExample('short-notice');
    const unsealed = { ...doc, signature: { ...doc.signature, sealed: false } };
    const { result, text } = await typesetToText('unsealed', unsealed);
    expect(result.sealPositions).toEqual([]);
    const lines = text.pages[0]!.lines;
    const date = lines.find((l) => l.text === '2026年11月20日')!;
    const signature = lines.find((l) => l.text === doc.issuers[0]!.name && l.yMin > 150)!;
    expect(Math.abs(signature.xMax - (gb.right - 2 * gb.cell))).toBeLessThan(1);
    expect(Math.abs(date.xMin - (signature.xMin + 2 * gb.cell))).toBeLessThan(1);
    expect(Math.abs(date.yMin - signature.yMin - gb.pitch)).toBeLessThan(0.5);
  });

  it('never leaves the signature block alone on a page, whatever the body length', async () => {
    const base = readExample('short-notice');
    const sentence = '各单位要切实加强组织领导，确保各项工作落到实处。';
    for (let count = 4; count <= 40; count += 2) {
      const doc = {
        ...base,
        body: Array.from({ length: count }, () => ({ type: 'paragraph' as const, text: sentence })),
      };
      const { result, text } = await typesetToText(`length-${count}`, doc);
      const seal = result.sealPositions[0]!;
      const lines = text.pages[seal.page]!.lines;
      const signature = lines.find((l) => l.text === base.issuers[0]!.name && l.yMin > 60)!;
      const bodyAbove = lines.filter((l) => l.text === sentence && l.yMax < signature.yMin);
      expect(bodyAbove.length, `${count} paragraphs`).toBeGreaterThan(0);
      const top = sealMm(seal).y - sealMm(seal).r;
      expect(top - Math.max(...bodyAbove.map((l) => l.yMax)), `${count} paragraphs`).toBeLessThan(gb.pitch);
    }
  });
});
