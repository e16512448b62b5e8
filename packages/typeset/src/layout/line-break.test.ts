import { describe, expect, it } from 'vitest';
import { testFonts } from '../testing/corpus';
import { metricsOf } from '../typeset';
import { breakLines } from './line-break';

const cell = 15.79;
const style = { role: 'fangsong' as const, size: 16, cell };
const width = 28 * cell;
const lineTexts = (lines: ReturnType<typeof breakLines>) => lines.map((l) => l.glyphs.map((g) => g.ch).join(''));

describe('Chinese line breaking', () => {
  it('breaks 28 ideographs a line on the grid, the first indented two characters', async () => {
    const metrics = metricsOf(await testFonts());
    const text = '各地各部门要充分认识冬季安全生产工作的重要性和紧迫性坚持人民至上生命至上把安全生产摆在更加突出的位置';
    const lines = breakLines(metrics, style, text, { width, firstIndent: 2 * cell });
    expect(lineTexts(lines).map((l) => l.length)).toEqual([26, 24]);
    expect(lines[0]!.glyphs[1]!.x).toBeCloseTo(cell, 5);
  });

  it('pulls a closing mark onto the line by squeezing punctuation, instead of starting a line with it', async () => {
    const metrics = metricsOf(await testFonts());
    // 27 ideographs and a 、 fill the line; the comma may not start line 2, so both marks
    // give up half their width and the line holds 29 glyphs.
    const text = '各地各部门要充分认识、冬季安全生产工作的重要性和紧迫性切，坚持人民至上。';
    const lines = lineTexts(breakLines(metrics, style, text, { width }));
    expect(lines[0]).toHaveLength(29);
    expect(lines[0]!.endsWith('，')).toBe(true);
    expect(lines[1]).toBe('坚持人民至上。');
    // Without a second mark to squeeze, the last character goes down with the comma instead.
    const tight = lineTexts(breakLines(metrics, style, text.replace('、', '').replace('切，', '切实，'), { width }));
    expect(tight[0]).toHaveLength(27);
    expect(tight[1]!.startsWith('实，')).toBe(true);
  });

  it('pushes a character down rather than end a line with an opening mark, and justifies the line', async () => {
    const metrics = metricsOf(await testFonts());
    const text = '各地各部门要充分认识冬季安全生产工作的重要性和紧迫性认《关于加强安全生产的意见》';
    const lines = breakLines(metrics, style, text, { width });
    const texts = lineTexts(lines);
    expect(texts[0]!.endsWith('《')).toBe(false);
    expect(texts[1]!.startsWith('《')).toBe(true);
    const last = lines[0]!.glyphs[lines[0]!.glyphs.length - 1]!;
    expect(last.x + last.width).toBeCloseTo(width, 1);
  });

  it('keeps numbers and Latin words whole', async () => {
    const metrics = metricsOf(await testFonts());
    const text = '全市政务服务事项网上可办率达到百分之九十九点二全程网办率20261231按照GB/T9704-2012执行';
    const lines = lineTexts(breakLines(metrics, style, text, { width }));
    expect(lines.length).toBe(2);
    expect(lines.filter((l) => /\d/.test(l.slice(0, 1)) || l.includes('20261231'))).toHaveLength(1);
    expect(lines.some((l) => l.includes('GB/T9704-2012'))).toBe(true);
  });
});
