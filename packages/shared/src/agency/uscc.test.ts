import { describe, expect, it } from 'vitest';
import { checkUscc, composeUscc, isValidUscc, usccCheckCharacter } from './uscc';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts real codes of registered organisations', () => {
    // Published codes: a central government office, and two companies registered in Shenzhen and Beijing.
    for (const code of ['11100000000013127D', '91440300708461136T', '91110000802100433B']) {
      expect(checkUscc(code)).toEqual([]);
    }
  });

  it('computes the check character over the first 17 characters', () => {
    expect(usccCheckCharacter('91440300708461136')).toBe('T');
    expect(usccCheckCharacter('11100000000013127')).toBe('D');
  });

  it('reports a wrong check character with the expected one', () => {
    expect(checkUscc('91440300708461136U')).toEqual([{ kind: 'check', expected: 'T', actual: 'U' }]);
  });

  it('reports a wrong organisation-code check digit (GB 11714) inside the code', () => {
    const first16 = '9144030070846113';
    const bad17 = `${first16}7`;
    const code = bad17 + usccCheckCharacter(bad17);
    expect(checkUscc(code)).toEqual([{ kind: 'org-code-check', expected: '6', actual: '7' }]);
  });

  it('refuses wrong lengths and the letters I, O, S, V, Z', () => {
    expect(checkUscc('9144030070846113')).toEqual([{ kind: 'length', length: 16 }]);
    expect(checkUscc('91440300708461136I')).toEqual([{ kind: 'character', index: 17, character: 'I' }]);
    expect(checkUscc('914403007084611 6T')[0]?.kind).toBe('character');
    expect(isValidUscc('9144030070846113oT')).toBe(false);
  });

  it('composes valid codes for registration forms and tests', () => {
    const code = composeUscc({ authority: '1', category: '1', division: '320100', orgCode8: '01234567' });
    expect(code).toHaveLength(18);
    expect(isValidUscc(code)).toBe(true);
  });
});
