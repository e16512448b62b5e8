import { describe, expect, it } from 'vitest';
import type { EepDescription } from './description';
import { buildEepXml, buildSignedObjectXml, extractSignedObjectXml, parseEepXml } from './eep-xml';

const description: EepDescription = {
  packageType: '原始型',
  createdAt: '2026-11-23T09:00:00+08:00',
  createdBy: '南京市人民政府办公厅',
  items: [
    {
      archivalCode: 'J012-WS·2026-Y-BGS-0001',
      metadata: {
        fonds: 'J012',
        category: 'WS',
        year: 2026,
        retention: 'Y',
        unit: 'BGS',
        item: 1,
        pages: 3,
        title: '关于做好2026年冬季安全生产工作的通知 & <附件>',
        docNumber: '宁政办发〔2026〕12号',
        responsible: '南京市人民政府办公厅',
        date: '2026-11-20',
        classification: 'none',
        kind: 'notice',
      },
      files: [
        {
          path: `files/${'a'.repeat(64)}-document.pdf`,
          name: 'document.pdf',
          role: 'document',
          mediaType: 'application/pdf',
          size: 1234,
          sha256: 'a'.repeat(64),
        },
      ],
      record: [
        { action: '拟稿', actor: '李华', at: '2026-11-18T09:00:00+08:00' },
        { action: '签发', actor: '王强', at: '2026-11-20T10:00:00+08:00', opinion: '同意。\n  请办公室印发。' },
      ],
      signatures: [{ file: 'document.pdf', signer: '南京市人民政府办公厅', kind: 'seal', status: 'valid' }],
    },
  ],
};

describe('EEP XML', () => {
  const signed = buildSignedObjectXml(description);
  const xml = buildEepXml(signed, '<电子签名块>\n  <电子签名><签名人>x</签名人></电子签名>\n</电子签名块>');

  it('uses the DA/T 48 element names', () => {
    for (const name of [
      '电子文件封装包',
      '封装包格式描述',
      '被签名对象',
      '封装包类型',
      '文件实体块',
      '业务实体块',
      '电子签名块',
    ]) {
      expect(xml).toContain(`<${name}`);
    }
    expect(xml).toContain('&amp; &lt;附件&gt;');
  });

  it('reads back exactly what was written', () => {
    expect(parseEepXml(xml).description).toEqual(description);
  });

  it('finds the exact signed bytes inside the package', () => {
    expect(extractSignedObjectXml(xml)).toBe(signed);
  });

  it('refuses malformed or incomplete descriptions with EEP_INVALID', () => {
    expect(() => parseEepXml('<电子文件封装包><被签名对象>')).toThrow(expect.objectContaining({ code: 'EEP_INVALID' }));
    const noHash = xml.replace(/<摘要值>a+<\/摘要值>/, '<摘要值>xyz</摘要值>');
    expect(() => parseEepXml(noHash)).toThrow(expect.objectContaining({ code: 'EEP_INVALID' }));
    const badYear = xml.replace('<年度>2026</年度>', '<年度>1800</年度>');
    expect(() => parseEepXml(badYear)).toThrow(/year/);
    expect(() => extractSignedObjectXml(xml + signed)).toThrow(expect.objectContaining({ code: 'EEP_INVALID' }));
  });
});
