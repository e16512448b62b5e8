import { formatChineseDate, todayInChina, type CalendarDate } from '../document/dates';
import type { LocalizedText } from '../i18n';

/** Times are ISO 8601 instants; people read them in China time (UTC+8). */
const chinaOffsetMs = 8 * 60 * 60 * 1000;

/** The calendar date in China of an ISO time: what a leader writes under an opinion. */
export function chinaDateOf(at: string): CalendarDate {
  return todayInChina(new Date(Date.parse(at)));
}

/** `2026年11月24日 11:00` and `2026-11-24 11:00 (UTC+8)`, for messages. */
export function timeText(at: string): LocalizedText {
  const shifted = new Date(Date.parse(at) + chinaOffsetMs).toISOString();
  const clock = shifted.slice(11, 16);
  return { zh: `${formatChineseDate(chinaDateOf(at))} ${clock}`, en: `${shifted.slice(0, 10)} ${clock} (UTC+8)` };
}
