/**
 * 保管期限 (retention periods) and 门类 (record categories) for 文书档案 under DA/T 22-2015.
 * Tables, so an agency's own scheme is one edit.
 */
export const retentionPeriods = ['Y', 'D30', 'D10'] as const;
/** Y 永久 (permanent), D30 定期30年, D10 定期10年. */
export type RetentionPeriod = (typeof retentionPeriods)[number];

export const retentionTable: Record<RetentionPeriod, { zh: string; en: string; years: number | null }> = {
  Y: { zh: '永久', en: 'permanent', years: null },
  D30: { zh: '定期30年', en: '30 years', years: 30 },
  D10: { zh: '定期10年', en: '10 years', years: 10 },
};

export const retentionAliases: Record<string, RetentionPeriod> = {
  永久: 'Y',
  定期30年: 'D30',
  '30年': 'D30',
  定期10年: 'D10',
  '10年': 'D10',
};

/** 门类代码: WS 文书 is what 公文 are archived under; the others are listed for completeness. */
export const recordCategoryTable: Record<string, { zh: string; en: string }> = {
  WS: { zh: '文书', en: 'administrative records' },
  KJ: { zh: '科技', en: 'science and technology records' },
  KU: { zh: '会计', en: 'accounting records' },
  ZP: { zh: '照片', en: 'photographs' },
  LY: { zh: '录音录像', en: 'audio and video' },
};
