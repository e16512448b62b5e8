/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a
 * 31-character alphabet (no I, O, S, V, Z).
 *   1     登记管理部门代码 (registration authority: 1 = 机构编制, 5 = 民政, 9 = 工商, Y = other)
 *   2     机构类别代码 (1 = 机关 under 机构编制)
 *   3–8   登记管理机关行政区划码 (GB/T 2260 administrative division, digits)
 *   9–17  主体标识码 (组织机构代码, GB 11714, its own check character last)
 *   18    校验码 over the first 17
 */
export const usccAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714 organisation-code weights over its first 8 characters. */
const orgCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type UsccProblem =
  | { kind: 'length'; length: number }
  | { kind: 'character'; index: number; character: string }
  | { kind: 'division'; division: string }
  | { kind: 'org-code-check'; expected: string; actual: string }
  | { kind: 'check'; expected: string; actual: string };

/** The GB 32100 check character for the first 17 characters (which must be in the alphabet). */
export function usccCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError('USCC check needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = usccAlphabet.indexOf(first17.charAt(i));
    if (value < 0) throw new RangeError(`character ${first17.charAt(i)} is not allowed in a USCC`);
    sum += value * usccWeights[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return usccAlphabet.charAt(check);
}

function orgCharValue(character: string): number {
  const code = character.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // 0–9
  if (code >= 65 && code <= 90) return code - 55; // A = 10 … Z = 35
  return -1;
}

/** The GB 11714 check character of a 9-character organisation code's first 8 characters. */
export function orgCodeCheckCharacter(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCharValue(first8.charAt(i)) * orgCodeWeights[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Every problem with a code; an empty list means the code is well formed. */
export function checkUscc(input: string): UsccProblem[] {
  const code = input;
  if (code.length !== 18) return [{ kind: 'length', length: code.length }];
  for (let i = 0; i < 18; i++) {
    const character = code.charAt(i);
    if (!usccAlphabet.includes(character)) return [{ kind: 'character', index: i, character }];
  }
  const problems: UsccProblem[] = [];
  const division = code.slice(2, 8);
  if (!/^\d{6}$/.test(division)) problems.push({ kind: 'division', division });
  const orgCode = code.slice(8, 17);
  if ([...orgCode.slice(0, 8)].every((c) => orgCharValue(c) >= 0)) {
    const expected = orgCodeCheckCharacter(orgCode.slice(0, 8));
    const actual = orgCode.charAt(8);
    if (expected !== actual) problems.push({ kind: 'org-code-check', expected, actual });
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  const actual = code.charAt(17);
  if (expected !== actual) problems.push({ kind: 'check', expected, actual });
  return problems;
}

export function isValidUscc(input: string): boolean {
  return checkUscc(input).length === 0;
}

/** Builds a well-formed code from its parts (for tests, demos and registration forms). */
export function composeUscc(parts: {
  authority: string;
  category: string;
  division: string;
  orgCode8: string;
}): string {
  const orgCode = parts.orgCode8 + orgCodeCheckCharacter(parts.orgCode8);
  const first17 = parts.authority + parts.category + parts.division + orgCode;
  return first17 + usccCheckCharacter(first17);
}
