import { describe, expect, it } from 'vitest';
import { blocksFromDelta, deltaFromBlocks } from './body-delta';
import type { BodyBlock } from './schema';

describe('the body as a Quill delta (what the editor and the Y.Text hold)', () => {
  const blocks: BodyBlock[] = [
    { type: 'paragraph', text: '为切实做好今冬防汛工作，现就有关事项通知如下。' },
    { type: 'heading', level: 1, text: '一、提高思想认识' },
    { type: 'heading', level: 4, text: '（1）压实责任' },
    { type: 'paragraph', text: '' },
  ];

  it('round-trips paragraphs, heading levels 1–4 and empty lines', () => {
    expect(blocksFromDelta(deltaFromBlocks(blocks))).toEqual(blocks);
  });

  it('reads levels only from the newline, ignores embeds and unknown levels, keeps a last line without newline', () => {
    const delta = [
      { insert: '一、', attributes: { heading: 1 } },
      { insert: '总体要求' },
      { insert: '\n', attributes: { heading: 1 } },
      { insert: { image: 'x.png' } },
      { insert: '正文\n', attributes: { heading: 6, bold: true } },
      { insert: '未完' },
    ];
    expect(blocksFromDelta(delta)).toEqual([
      { type: 'heading', level: 1, text: '一、总体要求' },
      { type: 'paragraph', text: '正文' },
      { type: 'paragraph', text: '未完' },
    ]);
  });
});
