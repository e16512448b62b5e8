import { describe, expect, it } from 'vitest';
import { formatChineseDate, parseDocumentDate, todayInChina } from './dates';

describe('document dates', () => {
  it('prints dates in full without zero padding', () => {
    expect(formatChineseDate({ year: 2026, month: 7, day: 4 })).toBe('2026年7月4日');
  });

  it('knows leap years', () => {
    expect(parseDocumentDate('2028-02-29').ok).toBe(true);
    expect(parseDocumentDate('2026-02-29')).toEqual({ ok: false, problem: 'nonexistent' });
  });

  it('takes today in China time (UTC+8), where 成文日期 are written', () => {
    expect(todayInChina(new Date('2026-11-22T17:30:00Z'))).toEqual({ year: 2026, month: 11, day: 23 });
    expect(todayInChina(new Date('2026-11-22T15:30:00Z'))).toEqual({ year: 2026, month: 11, day: 22 });
  });
});
