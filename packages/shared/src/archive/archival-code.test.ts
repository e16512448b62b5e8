import { describe, expect, it } from 'vitest';
import {
  checkArchivalCodePattern,
  defaultArchivalCodePattern,
  formatArchivalCode,
  parseArchivalCode,
  type ArchivalCodeParts,
} from './archival-code';
import { archiveItemMetadataSchema } from './metadata';

const parts: ArchivalCodeParts = { fonds: 'J012', category: 'WS', year: 2026, retention: 'Y', unit: 'BGS', item: 1 };

describe('档号', () => {
  it('follows DA/T 22 by default: 全宗号-门类·年度-保管期限-机构-件号', () => {
    expect(formatArchivalCode(parts)).toBe('J012-WS·2026-Y-BGS-0001');
    expect(formatArchivalCode({ ...parts, retention: 'D30', item: 125 })).toBe('J012-WS·2026-D30-BGS-0125');
  });

  it('drops the unit segment when the scheme has no unit', () => {
    expect(formatArchivalCode({ ...parts, unit: '' })).toBe('J012-WS·2026-Y-0001');
  });

  it('takes an agency’s own field order', () => {
    const pattern = '{fonds}·{year}-{category}-{unit}-{retention}-{item:3}';
    expect(formatArchivalCode(parts, pattern)).toBe('J012·2026-WS-BGS-Y-001');
    expect(parseArchivalCode('J012·2026-WS-BGS-Y-001', pattern)).toEqual(parts);
  });

  it('reads a code back into its parts, and refuses what does not match', () => {
    expect(parseArchivalCode('J012-WS·2026-D10-BGS-0042')).toEqual({ ...parts, retention: 'D10', item: 42 });
    expect(parseArchivalCode('J012-WS-2026-D10-BGS-0042')).toBeUndefined();
    expect(parseArchivalCode('J012-WS·26-D10-BGS-0042')).toBeUndefined();
  });

  it('refuses patterns without the fields that make a code unique', () => {
    expect(checkArchivalCodePattern(defaultArchivalCodePattern)).toEqual([]);
    expect(checkArchivalCodePattern('{fonds}-{year}-{retention}')).toEqual(['missing {item}']);
    expect(checkArchivalCodePattern('{fonds}-{year}-{retention}-{item}-{item}')).toEqual(['{item} appears 2 times']);
    expect(() => formatArchivalCode(parts, '{fonds}-{item}')).toThrow(/missing \{year\}/);
  });
});

describe('archive item metadata (DA/T 22)', () => {
  const valid = {
    fonds: 'J012',
    category: 'WS',
    year: 2026,
    retention: '永久',
    unit: 'BGS',
    item: 1,
    pages: 3,
    title: '南京市人民政府办公厅关于做好2026年冬季安全生产工作的通知',
    docNumber: '宁政办发〔2026〕12号',
    responsible: '南京市人民政府办公厅',
    date: '2026-11-20',
    kind: '通知',
  };

  it('accepts Chinese names for 保管期限 and 文种', () => {
    expect(archiveItemMetadataSchema.parse(valid)).toMatchObject({
      retention: 'Y',
      kind: 'notice',
      classification: 'none',
    });
  });

  it.each([
    ['retention', 'D20'],
    ['year', 1800],
    ['item', 0],
    ['pages', 0],
    ['fonds', 'j012'],
    ['category', 'wenshu'],
    ['date', '2026年11月20日'],
  ])('refuses %s = %j', (field, value) => {
    expect(archiveItemMetadataSchema.safeParse({ ...valid, [field]: value }).success).toBe(false);
  });
});
