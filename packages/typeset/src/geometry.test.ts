import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentFacts } from '@oa/shared';
import { writeFileSync } from 'node:fs';
import { testFonts, typesetCorpus, type CorpusEntry } from './testing/corpus';
import { typeset } from './typeset';
import { pdfTextLines, renderGrey, type GreyImage, type PdfText, type TextLine } from './testing/pdf-inspect';

/**
 * GB/T 9704 geometry checked on the PDFs themselves (pdftotext -bbox-layout, pdftoppm), with
 * the standard's numbers written out here rather than taken from the layout engine.
 */
const gb = {
  left: 28,
  top: 37,
  right: 28 + 156,
  bottom: 37 + 225,
  pitch: 225 / 22,
  cell: 156 / 28,
  /** 4号 is 14 pt: one 4号 character in mm. */
  hao4: (14 * 25.4) / 72,
};
const tolerance = 1;
/** The type area is centred between 28 mm and 184 mm, not on the page. */
const typeAreaCentre = gb.left + 156 / 2;
const centre = (line: TextLine) => (line.yMin + line.yMax) / 2;
const gridCentre = (index: number) => gb.top + (index + 0.5) * gb.pitch;
const isPageNumber = (line: TextLine) => /^—\d+—$/.test(line.text.replace(/\s/g, ''));

let dir: string;
let corpus: { entry: CorpusEntry; text: PdfText }[];

beforeAll(async () => {
  const typeset = await typesetCorpus();
  dir = typeset.dir;
  corpus = typeset.entries.map((entry) => ({ entry, text: pdfTextLines(entry.file) }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Rows (mm from the top) where at least 95 % of the pixels between x1 and x2 (mm) are dark. */
function darkRows(image: GreyImage, x1: number, x2: number): number[] {
  const px = (mm: number) => Math.round((mm / 25.4) * 100);
  const rows: number[] = [];
  for (let y = 0; y < image.height; y++) {
    let dark = 0;
    for (let x = px(x1); x < px(x2); x++) if (image.pixels[y * image.width + x]! < 128) dark++;
    if (dark / (px(x2) - px(x1)) > 0.95) rows.push((y * 25.4) / 100);
  }
  return rows;
}

function example(name: string) {
  const found = corpus.find((c) => c.entry.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found;
}

describe('the example corpus', () => {
  it('has at least 10 documents covering every format', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10);
    for (const name of [
      'short-notice',
      'long-report',
      'long-title-notice',
      'many-recipients-notice',
      'joint-3-agencies-notice',
      'with-attachments-notice',
      'classified-urgent-circular',
      'letter-reply',
      'minutes-meeting',
      'order-decree',
    ]) {
      expect(example(name).entry.result.pageCount).toBeGreaterThan(0);
    }
    expect(example('long-report').entry.result.pageCount).toBeGreaterThanOrEqual(5);
    expect(example('short-notice').entry.result.pageCount).toBe(1);
  });

  it('never starts a line with closing punctuation or ends one with opening punctuation', () => {
    let lines = 0;
    for (const { entry, text } of corpus) {
      for (const line of text.pages.flatMap((p) => p.lines)) {
        lines++;
        if (isPageNumber(line)) continue;
        expect(line.text, `${entry.name} p${line.page + 1}`).not.toMatch(/^[，。、；：？！）》」』”’〕】…—%]/u);
        expect(line.text, `${entry.name} p${line.page + 1}`).not.toMatch(/[（《「『“‘〔【]$/u);
      }
    }
    expect(lines).toBeGreaterThan(300);
  });

  it('keeps all text inside the type area horizontally', () => {
    for (const { entry, text } of corpus) {
      for (const line of text.pages.flatMap((p) => p.lines)) {
        expect(line.xMin, `${entry.name}: ${line.text}`).toBeGreaterThanOrEqual(gb.left - tolerance);
        // A closing mark squeezed at the line end keeps its ink (the left half) inside; its box may not.
        const overhang = /[，。、；：？！）》」』”’]$/u.test(line.text) ? gb.cell / 2 : 0;
        expect(line.xMax, `${entry.name}: ${line.text}`).toBeLessThanOrEqual(gb.right + overhang + tolerance);
      }
    }
  });

  it('sets full body lines to 28 characters of the grid', () => {
    let pureLines = 0;
    let squeezedOrFull = 0;
    for (const { entry, text } of corpus) {
      for (const line of text.pages.flatMap((p) => p.lines)) {
        const overhang = /[，。、；：？！）》」』”’]$/u.test(line.text) ? gb.cell / 2 : 0;
        const fullWidth =
          Math.abs(line.xMin - gb.left) < tolerance && Math.abs(line.xMax - gb.right) < tolerance + overhang;
        if (!fullWidth || line.yMax - line.yMin > 6) continue; // 3号 lines only (the title is 2号)
        if (/^[\u4e00-\u9fff]+$/u.test(line.text)) {
          pureLines++;
          expect(line.text.length, `${entry.name}: ${line.text}`).toBe(28);
        } else if (/^[\u4e00-\u9fff，。、；：？！（）《》“”]+$/u.test(line.text)) {
          squeezedOrFull++;
          // Full-width punctuation may give up half its width to pull characters in, or a
          // character may be pushed to the next line (the line is then justified).
          const marks = line.text.replace(/[\u4e00-\u9fff]/gu, '').length;
          const ideographs = line.text.length - marks;
          expect(ideographs + marks, `${entry.name}: ${line.text}`).toBeGreaterThanOrEqual(27);
          expect(ideographs + marks / 2, `${entry.name}: ${line.text}`).toBeLessThanOrEqual(28);
        }
      }
    }
    expect(pureLines + squeezedOrFull).toBeGreaterThanOrEqual(30);
  });

  it('sets exactly 28 ideographs in every full line of unpunctuated text', async () => {
    // The long report's paragraphs with everything but ideographs removed: no squeezing, no words.
    const report = example('long-report').entry.doc;
    const doc = {
      ...report,
      body: report.body.map((b) => ({ type: 'paragraph' as const, text: b.text.replace(/[^\u4e00-\u9fff]/gu, '') })),
    };
    const file = path.join(dir, 'ideographs.pdf');
    writeFileSync(file, (await typeset(doc, await testFonts())).pdf);
    const lines = pdfTextLines(file)
      .pages.slice(1)
      .flatMap((p) => p.lines)
      .filter(
        (l) => !isPageNumber(l) && Math.abs(l.xMin - gb.left) < tolerance && Math.abs(l.xMax - gb.right) < tolerance,
      );
    expect(lines.length).toBeGreaterThan(30);
    for (const line of lines) expect(line.text, line.text).toMatch(/^[\u4e00-\u9fff]{28}$/u);
  });

  it('puts page numbers 7 mm below the type area, odd pages right and even pages left', () => {
    let checked = 0;
    for (const { entry, text } of corpus) {
      text.pages.forEach((page, index) => {
        const numbers = page.lines.filter(isPageNumber);
        if (documentFacts(entry.doc).format === 'letter' && index === 0) {
          expect(numbers, 'the letter format has no number on page 1').toHaveLength(0);
          return;
        }
        expect(numbers, `${entry.name} p${index + 1}`).toHaveLength(1);
        const number = numbers[0]!;
        expect(number.text.replace(/\D/g, '')).toBe(String(index + 1));
        expect(centre(number)).toBeCloseTo(gb.bottom + 7, 0);
        if ((index + 1) % 2 === 1) expect(Math.abs(number.xMax - (gb.right - gb.hao4))).toBeLessThan(tolerance);
        else expect(Math.abs(number.xMin - (gb.left + gb.hao4))).toBeLessThan(tolerance);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('places the red header at its distance from the top in each format', () => {
    const headers: [string, string, number][] = [
      ['short-notice', '××市人民政府办公室文件', gb.top + 35],
      ['classified-urgent-circular', '××市公安局文件', gb.top + 35],
      ['minutes-meeting', '××市人民政府常务会议纪要', gb.top + 35],
      ['order-decree', '××市人民政府令', gb.top + 20],
      ['letter-reply', '××市人民政府办公室', 30],
    ];
    for (const [name, header, top] of headers) {
      const line = example(name).text.pages[0]!.lines.find((l) => l.text === header);
      expect(line, `${name}: ${header}`).toBeDefined();
      expect(Math.abs(line!.yMin - top), name).toBeLessThan(tolerance);
      expect(Math.abs((line!.xMin + line!.xMax) / 2 - typeAreaCentre), `${name} centred`).toBeLessThan(tolerance);
    }
  });

  it('stacks 份号, 密级 and 紧急程度 from the first line, flush left', () => {
    const lines = example('classified-urgent-circular').text.pages[0]!.lines;
    ['000017', '机密★10年', '特急'].forEach((text, index) => {
      const line = lines.find((l) => l.text === text)!;
      expect(line, text).toBeDefined();
      expect(Math.abs(centre(line) - gridCentre(index))).toBeLessThan(tolerance);
      expect(Math.abs(line.xMin - gb.left)).toBeLessThan(tolerance);
    });
  });

  it('fills continuation pages with 22 lines from the top of the type area, flush with the left margin', () => {
    const { text } = example('long-report');
    for (const pageIndex of [1, 2, 3]) {
      const lines = text.pages[pageIndex]!.lines.filter((l) => !isPageNumber(l));
      const rows = [...new Set(lines.map((l) => Math.round(centre(l) * 10)))].map((c) => c / 10).sort((a, b) => a - b);
      expect(rows, `page ${pageIndex + 1}`).toHaveLength(22);
      rows.forEach((row, i) =>
        expect(Math.abs(row - gridCentre(i)), `page ${pageIndex + 1} line ${i + 1}`).toBeLessThan(0.8),
      );
      expect(Math.min(...lines.map((l) => l.xMin)) - gb.left).toBeLessThan(tolerance);
      expect(Math.min(...lines.map((l) => l.xMin))).toBeGreaterThan(gb.left - tolerance);
    }
  });

  it('indents paragraphs by two characters', () => {
    const lines = example('short-notice').text.pages[0]!.lines;
    const first = lines.find((l) => l.text.startsWith('经市人民政府同意'))!;
    expect(Math.abs(first.xMin - (gb.left + 2 * gb.cell))).toBeLessThan(tolerance);
  });

  it('centres titles, wrapping long ones into balanced lines', () => {
    const { entry, text } = example('long-title-notice');
    const titleLines = text.pages[0]!.lines.filter((l) => l.yMax - l.yMin > 7 && l.yMax - l.yMin < 9);
    expect(titleLines.length).toBeGreaterThanOrEqual(3);
    expect(titleLines.map((l) => l.text).join('')).toBe(entry.doc.title);
    const lengths = titleLines.map((l) => l.xMax - l.xMin);
    for (const line of titleLines)
      expect(Math.abs((line.xMin + line.xMax) / 2 - typeAreaCentre)).toBeLessThan(tolerance);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThan(156 / 2);
  });

  it('puts the 版记 at the bottom of the type area with its closing line on the bottom edge', () => {
    for (const name of ['short-notice', 'long-report', 'joint-3-agencies-notice', 'with-attachments-notice']) {
      const { entry, text } = example(name);
      const last = text.pages[text.pages.length - 1]!;
      const printing = last.lines.find((l) => l.text.endsWith('印发'))!;
      expect(printing, name).toBeDefined();
      expect(Math.abs(centre(printing) - (gb.bottom - gb.pitch / 2)), name).toBeLessThan(tolerance);
      const images = renderGrey(entry.file, mkdtempSync(path.join(dir, 'grey-')), 100);
      const image = images[images.length - 1]!;
      const px = (mm: number) => Math.round((mm / 25.4) * 100);
      const darkAcross = (row: number) => {
        let dark = 0;
        for (let x = px(gb.left); x < px(gb.right); x++) if (image.pixels[row * image.width + x]! < 128) dark++;
        return dark / (px(gb.right) - px(gb.left));
      };
      const rows = [-2, -1, 0, 1].map((d) => darkAcross(px(gb.bottom) + d));
      expect(Math.max(...rows), `${name}: rule on the bottom edge`).toBeGreaterThan(0.95);
      const above = darkAcross(px(gb.bottom) - px(gb.pitch * 1.5));
      expect(above, `${name}: no rule in the middle of a row`).toBeLessThan(0.5);
    }
  });

  it('draws the red separator 4 mm under 发文字号 and starts the title two blank lines below it', () => {
    for (const name of ['short-notice', 'classified-urgent-circular', 'long-report']) {
      const { entry, text } = example(name);
      const lines = text.pages[0]!.lines;
      const number = lines.find((l) => l.text.includes(entry.doc.docNumber!))!;
      expect(number, name).toBeDefined();
      const header = lines.find((l) => l.text.endsWith('文件'))!;
      expect(number.yMin - header.yMax, `${name}: two blank lines under the header`).toBeGreaterThan(2 * gb.pitch - 1);
      const image = renderGrey(entry.file, mkdtempSync(path.join(dir, 'grey-')), 100)[0]!;
      const rules = darkRows(image, gb.left, gb.right).filter((y) => y > number.yMax && y < number.yMax + 10);
      expect(rules.length, `${name}: separator`).toBeGreaterThan(0);
      expect(Math.abs(rules[0]! - (number.yMax + 4)), `${name}: 4 mm under 发文字号`).toBeLessThan(0.7);
      const title = lines.find((l) => l.yMin > rules[0]! && l.yMax - l.yMin > 7)!;
      const separatorLine = Math.floor((rules[0]! - gb.top) / gb.pitch);
      expect(Math.abs(centre(title) - gridCentre(separatorLine + 3)), `${name}: title`).toBeLessThan(tolerance);
    }
  });

  it('centres 文件 on the stacked names of a joint header', () => {
    const lines = example('joint-3-agencies-notice').text.pages[0]!.lines;
    const names = ['××市发展和改革委员会', '××市财政局', '××市自然资源和规划局'].map((name) =>
      lines.find((l) => l.text.replace(/\s/g, '').startsWith(name))!,
    );
    const suffix = lines.find((l) => l.text.replace(/\s/g, '').endsWith('文件'))!;
    expect(names.every(Boolean)).toBe(true);
    const stackCentre = (names[0]!.yMin + names[2]!.yMax) / 2;
    expect(Math.abs(centre(suffix) - stackCentre)).toBeLessThan(tolerance);
    expect(Math.abs(names[0]!.xMin - names[2]!.xMin)).toBeLessThan(tolerance);
  });

  it("draws the letter format's red double lines, 170 mm long, under the header and 20 mm above the page bottom", () => {
    const { entry, text } = example('letter-reply');
    const header = text.pages[0]!.lines.find((l) => l.text === '××市人民政府办公室')!;
    const image = renderGrey(entry.file, mkdtempSync(path.join(dir, 'grey-')), 100)[0]!;
    const rows = darkRows(image, 21, 189);
    const pixel = (xMm: number, yMm: number) =>
      image.pixels[Math.round((yMm / 25.4) * 100) * image.width + Math.round((xMm / 25.4) * 100)]!;
    for (const y of rows) {
      expect(pixel(19, y), 'the lines start at 20 mm').toBeGreaterThan(128);
      expect(pixel(191, y), 'the lines end at 190 mm').toBeGreaterThan(128);
    }
    const upper = rows.filter((y) => y > header.yMax && y < header.yMax + 8);
    expect(upper.length, 'double line under the header').toBeGreaterThanOrEqual(2);
    expect(Math.abs(upper[0]! - (header.yMax + 4))).toBeLessThan(1);
    const lower = rows.filter((y) => y > 297 - 22);
    expect(lower.length, 'double line at the bottom').toBeGreaterThanOrEqual(2);
    expect(Math.abs(lower[lower.length - 1]! - (297 - 20))).toBeLessThan(0.7);
  });

  it('puts 签发人 one character in from the right and 发文字号 one in from the left on one line', () => {
    const { entry, text } = example('long-report');
    const words = text.pages[0]!.lines.flatMap((l) => l.words.map((w) => ({ ...w, line: l })));
    const signer = words.find((w) => w.text.startsWith('签发人'))!;
    const names = words.filter((w) => w.line === signer.line || Math.abs(centre(w.line) - centre(signer.line)) < 0.5);
    const number = words.find((w) => w.text === entry.doc.docNumber)!;
    expect(signer && number).toBeTruthy();
    expect(Math.abs(centre(number.line) - centre(signer.line))).toBeLessThan(0.5);
    expect(Math.abs(number.xMin - (gb.left + gb.cell))).toBeLessThan(tolerance);
    expect(Math.abs(Math.max(...names.map((w) => w.xMax)) - (gb.right - gb.cell))).toBeLessThan(tolerance);
  });

  it('sets 抄送 in 4号 one character in, wrapped lines aligned after the colon', () => {
    const { text } = example('many-recipients-notice');
    const last = text.pages[text.pages.length - 1]!.lines;
    const cc = last.find((l) => l.text.startsWith('抄送：'))!;
    expect(Math.abs(cc.xMin - (gb.left + gb.hao4))).toBeLessThan(tolerance);
    expect(cc.yMax - cc.yMin).toBeCloseTo((14 * 25.4) / 72, 0);
    const next = last.find((l) => Math.abs(centre(l) - centre(cc) - gb.pitch) < 0.5)!;
    expect(Math.abs(next.xMin - (gb.left + 4 * gb.hao4))).toBeLessThan(tolerance);
    expect(next.text.endsWith('。')).toBe(true);
  });

  it('starts each attachment on a new page with 附件N on the first line and its title on the third', () => {
    const { entry, text } = example('with-attachments-notice');
    const starts = text.pages.map((p) => p.lines.find((l) => /^附件\d$/.test(l.text))).filter(Boolean);
    expect(starts).toHaveLength(entry.doc.attachments.length);
    for (const start of starts) {
      expect(Math.abs(centre(start!) - gridCentre(0))).toBeLessThan(tolerance);
      const title = text.pages[start!.page]!.lines.find((l) => Math.abs(centre(l) - gridCentre(2)) < tolerance);
      expect(title?.text).toBe(entry.doc.attachments[Number(start!.text.slice(2)) - 1]!.title);
    }
  });
});
