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
});
