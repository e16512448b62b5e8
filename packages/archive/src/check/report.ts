import type { LocalizedText } from '@oa/shared';

/** The four properties of DA/T 70-2018 四性检测. */
export const checkProperties = ['authenticity', 'integrity', 'usability', 'security'] as const;
export type CheckProperty = (typeof checkProperties)[number];

export const propertyNames: Record<CheckProperty, LocalizedText> = {
  authenticity: { zh: '真实性', en: 'authenticity' },
  integrity: { zh: '完整性', en: 'integrity' },
  usability: { zh: '可用性', en: 'usability' },
  security: { zh: '安全性', en: 'security' },
};

export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** One check on one target (a package, an item, a file) with its result and reason. */
export interface CheckResult {
  property: CheckProperty;
  /** Stable identifier of the check, e.g. `INTEGRITY_FILE_HASH`. */
  check: string;
  /** What was checked: an 档号, a file path, or the package. */
  target: string;
  status: CheckStatus;
  reason: LocalizedText;
}

export interface CheckReport {
  subject: string;
  checkedAt: string;
  ok: boolean;
  summary: Record<CheckProperty, { passed: number; failed: number; skipped: number }>;
  results: CheckResult[];
}

export function buildReport(subject: string, checkedAt: string, results: CheckResult[]): CheckReport {
  const summary = Object.fromEntries(
    checkProperties.map((property) => [property, { passed: 0, failed: 0, skipped: 0 }]),
  ) as CheckReport['summary'];
  for (const result of results) summary[result.property][result.status]++;
  return { subject, checkedAt, ok: results.every((r) => r.status !== 'failed'), summary, results };
}

/** A small collector so each check reads as one line. */
export class ResultList {
  readonly results: CheckResult[] = [];
  add(property: CheckProperty, check: string, target: string, status: CheckStatus, zh: string, en: string): void {
    this.results.push({ property, check, target, status, reason: { zh, en } });
  }
  pass(property: CheckProperty, check: string, target: string, zh: string, en: string): void {
    this.add(property, check, target, 'passed', zh, en);
  }
  fail(property: CheckProperty, check: string, target: string, zh: string, en: string): void {
    this.add(property, check, target, 'failed', zh, en);
  }
  skip(property: CheckProperty, check: string, target: string, zh: string, en: string): void {
    this.add(property, check, target, 'skipped', zh, en);
  }
}
