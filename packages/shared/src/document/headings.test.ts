import { describe, expect, it } from 'vitest';
import { headingNumber, headingPrefix, toChineseNumeral } from './headings';

describe('heading numbering', () => {
  it('writes Chinese numerals as 公文 do', () => {
    expect([1, 9, 10, 11, 20, 21, 99].map(toChineseNumeral)).toEqual([
      '一',
      '九',
      '十',
      '十一',
      '二十',
      '二十一',
      '九十九',
    ]);
  });

  it('reads the number of each level’s heading', () => {
    expect(headingNumber(1, '十二、附则')).toBe(12);
    expect(headingNumber(2, '（三）工作要求')).toBe(3);
    expect(headingNumber(3, '4.加强领导')).toBe(4);
    expect(headingNumber(3, '4．加强领导')).toBe(4);
    expect(headingNumber(4, '（5）其他')).toBe(5);
    expect(headingNumber(1, '（一）错层')).toBeUndefined();
  });

  it('builds the prefix for each level', () => {
    expect([1, 2, 3, 4].map((level) => headingPrefix(level as 1 | 2 | 3 | 4, 2))).toEqual([
      '二、',
      '（二）',
      '2.',
      '（2）',
    ]);
  });
});
