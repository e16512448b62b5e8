/**
 * 档号 (archival reference code), built from a configurable pattern. The default follows
 * DA/T 22-2015: 全宗号-门类代码·年度-保管期限-机构（问题）代码-件号, e.g.
 * `J012-WS·2026-Y-BGS-0001`. The field order is kept configurable because agencies'
 * schemes differ (GONGWEN.md §6 marks the exact order unverified).
 */
export interface ArchivalCodeParts {
  /** 全宗号. */
  fonds: string;
  /** 门类代码, e.g. WS. */
  category: string;
  /** 年度. */
  year: number;
  /** 保管期限: Y, D30, D10. */
  retention: string;
  /** 机构（问题）代码, e.g. BGS (办公室). May be empty when the scheme has none. */
  unit: string;
  /** 件号, from 1 within (fonds, category, year, retention, unit). */
  item: number;
}

export const defaultArchivalCodePattern = '{fonds}-{category}·{year}-{retention}-{unit}-{item:4}';

const tokenPattern = /\{(fonds|category|year|retention|unit|item)(?::(\d))?\}/g;

export class ArchivalCodePatternError extends Error {}

/** Checks a pattern: every field once, 件号 and 年度 present. Returns the problems. */
export function checkArchivalCodePattern(pattern: string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const match of pattern.matchAll(tokenPattern)) seen.set(match[1]!, (seen.get(match[1]!) ?? 0) + 1);
  for (const required of ['fonds', 'year', 'retention', 'item']) {
    if (!seen.has(required)) problems.push(`missing {${required}}`);
  }
  for (const [name, count] of seen) if (count > 1) problems.push(`{${name}} appears ${count} times`);
  const leftover = pattern.replace(tokenPattern, '');
  if (/[{}]/.test(leftover)) problems.push('unknown field in braces');
  return problems;
}

/** Builds the 档号 of an item. `{item:4}` pads the 件号 to four digits. */
export function formatArchivalCode(parts: ArchivalCodeParts, pattern = defaultArchivalCodePattern): string {
  const problems = checkArchivalCodePattern(pattern);
  if (problems.length > 0) throw new ArchivalCodePatternError(`invalid 档号 pattern: ${problems.join('; ')}`);
  let out = pattern.replace(tokenPattern, (_whole, name: keyof ArchivalCodeParts, width?: string) => {
    const value = String(parts[name]);
    return width ? value.padStart(Number(width), '0') : value;
  });
  // A scheme without a unit code drops the empty segment instead of printing `--`.
  if (parts.unit === '') out = out.replace(/--/g, '-').replace(/-$/, '');
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads a 档号 back into its parts under a pattern; undefined when it does not match. */
export function parseArchivalCode(code: string, pattern = defaultArchivalCodePattern): ArchivalCodeParts | undefined {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const match of pattern.matchAll(tokenPattern)) {
    source += escapeRegExp(pattern.slice(last, match.index));
    const [, name, width] = match;
    names.push(name!);
    source += name === 'year' ? '(\\d{4})' : name === 'item' ? (width ? `(\\d{${width},})` : '(\\d+)') : '([^-·]+)';
    last = match.index! + match[0].length;
  }
  source += escapeRegExp(pattern.slice(last));
  const found = new RegExp(`^${source}$`).exec(code);
  if (!found) return undefined;
  const value = (name: string) => found[names.indexOf(name) + 1] ?? '';
  return {
    fonds: value('fonds'),
    category: value('category'),
    year: Number(value('year')),
    retention: value('retention'),
    unit: value('unit'),
    item: Number(value('item')),
  };
}
