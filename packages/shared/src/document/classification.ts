/**
 * 密级和保密期限 (classification and secrecy period) and 紧急程度 (urgency).
 * Default maximum periods per 保密法: 绝密 30 years, 机密 20, 秘密 10.
 */
export const classificationLevels = ['secret', 'confidential', 'top-secret'] as const;
export type ClassificationLevel = (typeof classificationLevels)[number];

export interface ClassificationLevelInfo {
  level: ClassificationLevel;
  zh: string;
  en: string;
  /** Maximum secrecy period in years. */
  maxYears: number;
  /** Higher is more secret; used to compare with a hub's maximum. */
  rank: number;
}

export const classificationTable: Record<ClassificationLevel, ClassificationLevelInfo> = {
  secret: { level: 'secret', zh: '秘密', en: 'secret', maxYears: 10, rank: 1 },
  confidential: { level: 'confidential', zh: '机密', en: 'confidential', maxYears: 20, rank: 2 },
  'top-secret': { level: 'top-secret', zh: '绝密', en: 'top secret', maxYears: 30, rank: 3 },
};

export const classificationAliases: Record<string, ClassificationLevel> = {
  秘密: 'secret',
  机密: 'confidential',
  绝密: 'top-secret',
};

/** A secrecy period: whole years, or months when under a year (`6个月`). */
export interface SecrecyPeriod {
  value: number;
  unit: 'year' | 'month';
}

const periodPattern = /^([1-9]\d*)(年|个月)$/;

/** Parses `10年`, `6个月` or a bare number of years. Returns undefined when malformed. */
export function parseSecrecyPeriod(input: string | number): SecrecyPeriod | undefined {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input > 0 ? { value: input, unit: 'year' } : undefined;
  }
  const match = periodPattern.exec(input.trim());
  if (!match) return undefined;
  return { value: Number(match[1]), unit: match[2] === '年' ? 'year' : 'month' };
}

export function formatSecrecyPeriod(period: SecrecyPeriod): string {
  return period.unit === 'year' ? `${period.value}年` : `${period.value}个月`;
}

/** The mark printed in the heading zone: `秘密★10年`, or just `秘密` without a period. */
export function formatClassificationMark(level: ClassificationLevel, period?: SecrecyPeriod): string {
  const name = classificationTable[level].zh;
  return period ? `${name}★${formatSecrecyPeriod(period)}` : name;
}

export const urgencyLevels = ['extra-urgent', 'urgent'] as const;
/** 紧急程度: 特急 (extra-urgent) or 加急 (urgent). */
export type Urgency = (typeof urgencyLevels)[number];

export const urgencyTable: Record<Urgency, { zh: string; en: string }> = {
  'extra-urgent': { zh: '特急', en: 'extra urgent' },
  urgent: { zh: '加急', en: 'urgent' },
};

export const urgencyAliases: Record<string, Urgency> = { 特急: 'extra-urgent', 加急: 'urgent' };
