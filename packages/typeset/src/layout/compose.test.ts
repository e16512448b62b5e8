import { describe, expect, it } from 'vitest';
import { readExample, testFonts } from '../testing/corpus';
import { layout } from '../typeset';
import { normaliseText } from './compose';

describe('document layout', () => {
  it('joins lines broken inside a paragraph and drops invisible characters', () => {
    expect(normaliseText('各地各部门要\n充分认识\u200b冬季安全生产\r\n工作的重要性。 ')).toBe(
      '各地各部门要充分认识冬季安全生产工作的重要性。',
    );
  });

  it('sets a paragraph pasted with line breaks as one paragraph', async () => {
    const doc = readExample('short-notice');
    const pasted = {
      ...doc,
      body: [{ type: 'paragraph' as const, text: '请各单位\n妥善安排好值班\n和安全保卫工作。' }],
    };
    const texts = layout(pasted, await testFonts()).pages[0]!.runs.map((r) => r.glyphs.map((g) => g.ch).join(''));
    expect(texts).toContain('请各单位妥善安排好值班和安全保卫工作。');
  });

  it('marks the page numbers of every page, and none on the first page of a letter', async () => {
    const fonts = await testFonts();
    const numbers = (name: string) =>
      layout(readExample(name), fonts).pages.map((p) =>
        p.runs.filter((r) => r.role === 'songti').map((r) => r.glyphs.map((g) => g.ch).join('')),
      );
    expect(numbers('with-attachments-notice')).toEqual([['—1—'], ['—2—'], ['—3—'], ['—4—']]);
    expect(numbers('letter-reply')).toEqual([[]]);
  });

  it('sets each heading level and element in its font and size', async () => {
    const pages = layout(readExample('long-report'), await testFonts()).pages;
    const runs = pages
      .flatMap((p) => p.runs)
      .map((r) => ({ text: r.glyphs.map((g) => g.ch).join(''), role: r.role, size: r.size }));
    const find = (start: string) => runs.find((r) => r.text.startsWith(start))!;
    expect(find('一、2026年工作进展')).toMatchObject({ role: 'heiti', size: 16 });
    expect(find('（一）政务服务效能')).toMatchObject({ role: 'kaiti', size: 16 });
    expect(find('1.夯实数据基础设施')).toMatchObject({ role: 'fangsong', size: 16 });
    expect(find('（1）健全安全管理制度')).toMatchObject({ role: 'fangsong', size: 16 });
    expect(find('根据市委、市政府工作部署')).toMatchObject({ role: 'fangsong', size: 16 });
    expect(find('××市大数据管理局关于')).toMatchObject({ role: 'xiaobiaosong', size: 22 });
    expect(find('××市大数据管理局文件')).toMatchObject({ role: 'xiaobiaosong' });
    expect(find('王××')).toMatchObject({ role: 'kaiti', size: 16 });
    expect(find('抄送：')).toMatchObject({ role: 'fangsong', size: 14 });
  });
});
