import type { HeadingLevel } from './schema';

/**
 * Body heading levels (GB/T 9704 §7.3.3): `一、` 黑体, `（一）` 楷体, `1.` 仿宋, `（1）` 仿宋.
 */
export type FontRole = 'xiaobiaosong' | 'fangsong' | 'kaiti' | 'heiti' | 'songti';

export interface HeadingStyle {
  level: HeadingLevel;
  example: string;
  font: FontRole;
  /** Matches the numbering at the start of a heading and captures the number. */
  pattern: RegExp;
}

const chineseDigits = '零一二三四五六七八九';

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, up to 99. */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`no Chinese numeral for ${n}`);
  if (n < 10) return chineseDigits.charAt(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : chineseDigits.charAt(tens)}十${ones === 0 ? '' : chineseDigits.charAt(ones)}`;
}

export function fromChineseNumeral(text: string): number | undefined {
  for (let n = 1; n <= 99; n++) if (toChineseNumeral(n) === text) return n;
  return undefined;
}

export const headingStyles: Record<HeadingLevel, HeadingStyle> = {
  1: { level: 1, example: '一、', font: 'heiti', pattern: /^([零一二三四五六七八九十]+)、/ },
  2: { level: 2, example: '（一）', font: 'kaiti', pattern: /^（([零一二三四五六七八九十]+)）/ },
  3: { level: 3, example: '1.', font: 'fangsong', pattern: /^(\d+)[.．]/ },
  4: { level: 4, example: '（1）', font: 'fangsong', pattern: /^（(\d+)）/ },
};

/** The number a heading's text starts with at its level, or undefined when it has none. */
export function headingNumber(level: HeadingLevel, text: string): number | undefined {
  const match = headingStyles[level].pattern.exec(text);
  if (!match) return undefined;
  return level <= 2 ? fromChineseNumeral(match[1]!) : Number(match[1]);
}

/** The numbering prefix for a heading (`三、`, `（二）`, `4.`, `（5）`). */
export function headingPrefix(level: HeadingLevel, n: number): string {
  switch (level) {
    case 1:
      return `${toChineseNumeral(n)}、`;
    case 2:
      return `（${toChineseNumeral(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}
