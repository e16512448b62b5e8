import {
  checkDocNumber,
  minutesIssuePattern,
  orderNumberPattern,
  parseDocNumber,
  suggestDocNumber,
} from '../document/doc-number';
import { classificationTable, parseSecrecyPeriod } from '../document/classification';
import { violation, type Violation } from './catalog';
import type { RuleContext } from './context';

/** 发文字号 (or 令号 in the order format). */
export function checkDocNumberRules({ doc, format, stage, signatureDate }: RuleContext): Violation[] {
  const value = doc.docNumber?.trim();
  if (value === undefined || value === '') {
    return stage === 'final' && format !== 'minutes' ? [violation('DOC_NUMBER_REQUIRED', 'docNumber')] : [];
  }
  if (format === 'order') {
    return orderNumberPattern.test(value) ? [] : [violation('ORDER_NUMBER_FORMAT', 'docNumber', { value })];
  }
  if (format === 'minutes' && minutesIssuePattern.test(value)) return [];
  const problems = checkDocNumber(value);
  const suggested = suggestDocNumber(value);
  const suggestion = suggested && suggested !== value ? `（应为“${suggested}”）` : '';
  const suggestionEn = suggested && suggested !== value ? ` (write ${suggested})` : '';
  const out: Violation[] = [];
  for (const problem of problems) {
    const code =
      problem === 'brackets'
        ? 'DOC_NUMBER_BRACKETS'
        : problem === 'has-di'
          ? 'DOC_NUMBER_HAS_DI'
          : problem === 'zero-padded'
            ? 'DOC_NUMBER_ZERO_PADDED'
            : 'DOC_NUMBER_FORMAT';
    if (code === 'DOC_NUMBER_FORMAT' && out.some((v) => v.code === 'DOC_NUMBER_FORMAT')) continue;
    const v = violation(code, 'docNumber', { value, suggestion });
    if (code !== 'DOC_NUMBER_FORMAT') v.message.en = v.message.en.replace(suggestion, suggestionEn);
    out.push(v);
  }
  const parsed = parseDocNumber(value);
  if (parsed && signatureDate && parsed.year !== signatureDate.year) {
    out.push(violation('DOC_NUMBER_YEAR_MISMATCH', 'docNumber', { year: parsed.year, dateYear: signatureDate.year }));
  }
  return out;
}

/** 份号: six digits; required when classified. */
export function checkCopyNumberRules({ doc }: RuleContext): Violation[] {
  const value = doc.copyNumber;
  if (value === undefined || value.trim() === '') {
    return doc.classification ? [violation('COPY_NUMBER_REQUIRED', 'copyNumber')] : [];
  }
  return /^\d{6}$/.test(value) ? [] : [violation('COPY_NUMBER_FORMAT', 'copyNumber', { value })];
}

/** 密级★保密期限: periods within the level's maximum, months only under a year. */
export function checkClassificationRules({ doc }: RuleContext): Violation[] {
  const classification = doc.classification;
  if (!classification || classification.period === undefined) return [];
  const path = 'classification.period';
  const value = String(classification.period);
  const period = parseSecrecyPeriod(classification.period);
  if (!period) return [violation('CLASSIFICATION_PERIOD_FORMAT', path, { value })];
  const info = classificationTable[classification.level];
  if (period.unit === 'month' && period.value >= 12) {
    return [violation('CLASSIFICATION_PERIOD_MONTHS', path, { value, years: Math.ceil(period.value / 12) })];
  }
  const years = period.unit === 'year' ? period.value : period.value / 12;
  if (years > info.maxYears) {
    return [
      violation('CLASSIFICATION_PERIOD_TOO_LONG', path, {
        level: info.zh,
        levelEn: info.en,
        max: info.maxYears,
        value,
      }),
    ];
  }
  return [];
}
