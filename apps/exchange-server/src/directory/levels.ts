/** Levels of the agency tree: 省 → 市 → 县, with departments (部门) under any of them. */
export const agencyLevels = ['central', 'province', 'city', 'county', 'department'] as const;
export type AgencyLevel = (typeof agencyLevels)[number];

export const agencyLevelTable: Record<AgencyLevel, { zh: string; en: string; parents: readonly AgencyLevel[] }> = {
  central: { zh: '中央', en: 'central', parents: [] },
  province: { zh: '省级', en: 'province', parents: ['central'] },
  city: { zh: '市级', en: 'city', parents: ['province'] },
  county: { zh: '县级', en: 'county', parents: ['city'] },
  department: { zh: '部门', en: 'department', parents: ['central', 'province', 'city', 'county', 'department'] },
};
