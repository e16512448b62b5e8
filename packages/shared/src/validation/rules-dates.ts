import {
  compareDates,
  formatChineseDate,
  formatIsoDate,
  parseDocumentDate,
  type CalendarDate,
} from '../document/dates';
import { violation, type Violation } from './catalog';
import type { RuleContext } from './context';

const labels = {
  'signature.date': { label: '成文日期', labelEn: 'The document date' },
  'printing.date': { label: '印发日期', labelEn: 'The printing date' },
} as const;

/** Checks one date field; returns its violations and, when valid, the date. */
export function checkDateField(
  path: keyof typeof labels,
  value: string,
): { violations: Violation[]; date?: CalendarDate } {
  const parsed = parseDocumentDate(value);
  if (parsed.ok) return { violations: [], date: parsed.date };
  const params = { ...labels[path], value };
  if (parsed.problem === 'zero-padded') {
    const match = /^(\d{4})年0*(\d+)月0*(\d+)日$/.exec(value.trim());
    const suggestion = match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : '';
    return { violations: [violation('DATE_ZERO_PADDED', path, { ...params, suggestion })] };
  }
  return { violations: [violation(parsed.problem === 'format' ? 'DATE_FORMAT' : 'DATE_NONEXISTENT', path, params)] };
}

/** 成文日期 present (final), valid, not after today; 印发日期 valid and not before it. */
export function checkDateRules({ doc, stage, today, signatureDate }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const dateText = doc.signature.date;
  if (dateText === undefined) {
    if (stage === 'final') out.push(violation('SIGNATURE_DATE_REQUIRED', 'signature.date'));
  } else {
    out.push(...checkDateField('signature.date', dateText).violations);
    if (signatureDate && today && compareDates(signatureDate, today) > 0) {
      out.push(
        violation('SIGNATURE_DATE_IN_FUTURE', 'signature.date', {
          value: formatChineseDate(signatureDate),
          today: formatChineseDate(today),
        }),
      );
    }
  }
  if (doc.printing) {
    const printing = checkDateField('printing.date', doc.printing.date);
    out.push(...printing.violations);
    if (printing.date && signatureDate && compareDates(printing.date, signatureDate) < 0) {
      out.push(
        violation('PRINTING_DATE_BEFORE_SIGNATURE', 'printing.date', {
          value: formatIsoDate(printing.date),
          signatureDate: formatIsoDate(signatureDate),
        }),
      );
    }
  }
  return out;
}
