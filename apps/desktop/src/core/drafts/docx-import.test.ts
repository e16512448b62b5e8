import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { importLimits } from '../limits';
import { apiErrorCode, callApi, tempCore, unlockedAs } from '../test-support';
import { importDocx } from './docx-import';

/** A Word draft as people send them: a title, the four heading levels, a deeper one, body text, a table. */
async function wordDraft(): Promise<Buffer> {
  const document = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '关于做好2026年冬季安全生产工作的通知', heading: HeadingLevel.TITLE }),
          new Paragraph({ text: '各区人民政府，市政府各部门：' }),
          new Paragraph({ text: '一、提高思想认识', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('各地各部门要'),
              new TextRun({ text: '充分认识', bold: true }),
              new TextRun('冬季安全生产工作的重要性。'),
            ],
          }),
          new Paragraph({ text: '（一）压实责任', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: '1.明确分工', heading: HeadingLevel.HEADING_3 }),
          new Paragraph({ text: '（1）建立台账', heading: HeadingLevel.HEADING_4 }),
          new Paragraph({ text: '第五级标题按正文导入', heading: HeadingLevel.HEADING_5 }),
          new Paragraph({ text: '' }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('责任单位')] }),
                  new TableCell({ children: [new Paragraph('完成时限')] }),
                ],
              }),
            ],
          }),
          new Paragraph({ text: '特此通知。' }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}

describe('导入 Word 文档 (importDocx)', () => {
  it('reads paragraphs and the four GB/T 9704 heading levels; the Word title apart; deeper levels and tables as text', async () => {
    const imported = await importDocx(await wordDraft());
    expect(imported.title).toBe('关于做好2026年冬季安全生产工作的通知');
    expect(imported.blocks).toEqual([
      { type: 'paragraph', text: '各区人民政府，市政府各部门：' },
      { type: 'heading', level: 1, text: '一、提高思想认识' },
      { type: 'paragraph', text: '各地各部门要充分认识冬季安全生产工作的重要性。' },
      { type: 'heading', level: 2, text: '（一）压实责任' },
      { type: 'heading', level: 3, text: '1.明确分工' },
      { type: 'heading', level: 4, text: '（1）建立台账' },
      { type: 'paragraph', text: '第五级标题按正文导入' },
      { type: 'paragraph', text: '责任单位' },
      { type: 'paragraph', text: '完成时限' },
      { type: 'paragraph', text: '特此通知。' },
    ]);
    expect(imported.flattenedTables).toBe(1);
  });

  it('refuses what is not a .docx, a damaged one, an empty one and one over the size limit, each with its code', async () => {
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'imported',
        (error: { code: string }) => error.code,
      );
    expect(await code(importDocx(Buffer.from('这不是 Word 文档，只是一段文字。')))).toBe('DOCX_NOT_DOCX');
    const spreadsheet = await new JSZip().file('xl/workbook.xml', '<workbook/>').generateAsync({ type: 'nodebuffer' });
    expect(await code(importDocx(spreadsheet))).toBe('DOCX_NOT_DOCX');
    const damaged = (await wordDraft()).subarray(0, 400);
    expect(await code(importDocx(damaged))).toBe('DOCX_CORRUPT');
    const empty = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('')] }] }));
    expect(await code(importDocx(empty))).toBe('DOCX_EMPTY');
    const tooLarge = Buffer.alloc(importLimits.maxDocxBytes + 1, 0x50);
    expect(await code(importDocx(tooLarge))).toBe('DOCX_TOO_LARGE');
  });

  it('crosses the API with a message people can act on, and needs a signed-in person', async () => {
    const core = tempCore();
    try {
      expect(await apiErrorCode(core, 'importDocx', { dataBase64: (await wordDraft()).toString('base64') })).toBe(
        'ACCOUNT_LOCKED',
      );
      await unlockedAs(core, 'zhangsan', '张三');
      const view = await callApi<{ blocks: unknown[] }>(core, 'importDocx', {
        dataBase64: (await wordDraft()).toString('base64'),
      });
      expect(view.blocks).toHaveLength(10);
      expect(await apiErrorCode(core, 'importDocx', { dataBase64: Buffer.from('纯文本').toString('base64') })).toBe(
        'DOCX_NOT_DOCX',
      );
    } finally {
      core.cleanup();
    }
  });
});
