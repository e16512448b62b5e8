import { describe, expect, it } from 'vitest';
import { checkDocNumber, formatDocNumber, parseDocNumber, suggestDocNumber } from './doc-number';

describe('发文字号 parsing and formatting', () => {
  it('round-trips agency code, year and serial', () => {
    const parsed = parseDocNumber('国办发〔2012〕12号');
    expect(parsed).toEqual({ prefix: '国办发', year: 2012, serial: 12 });
    expect(formatDocNumber(parsed!)).toBe('国办发〔2012〕12号');
  });

  it('does not parse malformed numbers', () => {
    expect(parseDocNumber('国办发〔2012〕012号')).toBeUndefined();
    expect(parseDocNumber('国办发(2012)12号')).toBeUndefined();
  });

  it('suggests the correct form for the usual slips', () => {
    expect(suggestDocNumber('国办发（2012）第012号')).toBe('国办发〔2012〕12号');
    expect(suggestDocNumber('国办发 [2012] 12')).toBe('国办发〔2012〕12号');
    expect(suggestDocNumber('gibberish')).toBeUndefined();
  });

  it('names each problem', () => {
    expect(checkDocNumber('')).toEqual(['empty']);
    expect(checkDocNumber('国办发〔2012〕12')).toEqual(['missing-hao']);
    expect(checkDocNumber('〔2012〕12号')).toEqual(['missing-prefix']);
  });
});
