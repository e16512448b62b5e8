/**
 * Dates in 公文: stored as ISO `YYYY-MM-DD`; printed in full with Arabic numerals and
 * no zero padding: `2026年7月4日` (GB/T 9704 §7.3.5.1).
 */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export type DateProblem = 'format' | 'zero-padded' | 'nonexistent';

export type DateParse = { ok: true; date: CalendarDate } | { ok: false; problem: DateProblem };

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const chinesePattern = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses ISO (`2026-07-04`) or Chinese (`2026年7月4日`) dates and checks that the day exists. */
export function parseDocumentDate(text: string): DateParse {
  const value = text.trim();
  const iso = isoPattern.exec(value);
  const chinese = iso ? undefined : chinesePattern.exec(value);
  const match = iso ?? chinese;
  if (!match) return { ok: false, problem: 'format' };
  if (chinese && (/^0/.test(chinese[2]!) || /^0/.test(chinese[3]!))) return { ok: false, problem: 'zero-padded' };
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) {
    return { ok: false, problem: 'nonexistent' };
  }
  return { ok: true, date };
}

/** `2026年7月4日`. */
export function formatChineseDate(date: CalendarDate): string {
  return `${date.year}年${date.month}月${date.day}日`;
}

export function formatIsoDate(date: CalendarDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Today's calendar date in China (UTC+8), which is what 成文日期 is written in. */
export function todayInChina(now: Date = new Date()): CalendarDate {
  const shifted = new Date(now.getTime() + 8 * 3600 * 1000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}
