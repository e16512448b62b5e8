/**
 * The 15 kinds of 公文 (党政机关公文处理工作条例 第八条) and the routing facts the
 * validators and the typesetter need. One table, so a correction is one edit.
 */
export const documentKinds = [
  'resolution',
  'decision',
  'order',
  'communique',
  'announcement',
  'public-notice',
  'opinion',
  'notice',
  'circular',
  'report',
  'request',
  'reply',
  'motion',
  'letter',
  'minutes',
] as const;

export type DocumentKind = (typeof documentKinds)[number];

/** 行文方向: 上行文 (to superiors), 下行文 (to subordinates), 平行文 (to peers). */
export const directions = ['up', 'down', 'parallel'] as const;
export type Direction = (typeof directions)[number];

export interface DocumentKindInfo {
  kind: DocumentKind;
  /** The Chinese name users see. */
  zh: string;
  en: string;
  /** Directions this kind may travel in. */
  directions: readonly Direction[];
  /** Default layout format (GB/T 9704 §10: 信函, 命令, 纪要 are special formats). */
  defaultFormat: DocumentFormat;
}

export const documentFormats = ['standard', 'letter', 'order', 'minutes'] as const;
/** 格式: 文件格式 (standard), 信函格式 (letter), 命令格式 (order), 纪要格式 (minutes). */
export type DocumentFormat = (typeof documentFormats)[number];

export const formatNames: Record<DocumentFormat, { zh: string; en: string }> = {
  standard: { zh: '文件格式', en: 'standard (file) format' },
  letter: { zh: '信函格式', en: 'letter format' },
  order: { zh: '命令格式', en: 'order format' },
  minutes: { zh: '纪要格式', en: 'minutes format' },
};

const all: readonly Direction[] = directions;

export const documentKindTable: Record<DocumentKind, DocumentKindInfo> = {
  resolution: { kind: 'resolution', zh: '决议', en: 'resolution', directions: ['down'], defaultFormat: 'standard' },
  decision: { kind: 'decision', zh: '决定', en: 'decision', directions: ['down'], defaultFormat: 'standard' },
  order: { kind: 'order', zh: '命令（令）', en: 'order', directions: ['down'], defaultFormat: 'order' },
  communique: { kind: 'communique', zh: '公报', en: 'communiqué', directions: ['down'], defaultFormat: 'standard' },
  announcement: {
    kind: 'announcement',
    zh: '公告',
    en: 'announcement',
    directions: ['down'],
    defaultFormat: 'standard',
  },
  'public-notice': {
    kind: 'public-notice',
    zh: '通告',
    en: 'public notice',
    directions: ['down'],
    defaultFormat: 'standard',
  },
  opinion: { kind: 'opinion', zh: '意见', en: 'opinion', directions: all, defaultFormat: 'standard' },
  notice: { kind: 'notice', zh: '通知', en: 'notice', directions: ['down', 'parallel'], defaultFormat: 'standard' },
  circular: {
    kind: 'circular',
    zh: '通报',
    en: 'circular',
    directions: ['down', 'parallel'],
    defaultFormat: 'standard',
  },
  report: { kind: 'report', zh: '报告', en: 'report', directions: ['up'], defaultFormat: 'standard' },
  request: {
    kind: 'request',
    zh: '请示',
    en: 'request for instructions',
    directions: ['up'],
    defaultFormat: 'standard',
  },
  reply: { kind: 'reply', zh: '批复', en: 'reply', directions: ['down'], defaultFormat: 'standard' },
  motion: { kind: 'motion', zh: '议案', en: 'motion', directions: ['up'], defaultFormat: 'standard' },
  letter: { kind: 'letter', zh: '函', en: 'letter', directions: all, defaultFormat: 'letter' },
  minutes: { kind: 'minutes', zh: '纪要', en: 'minutes', directions: all, defaultFormat: 'minutes' },
};

/** 上行文 kinds: they carry 签发人 and go to exactly one main addressee. */
export const upwardKinds: readonly DocumentKind[] = ['request', 'report', 'motion'];

/** Chinese names accepted in document JSON as aliases of the English codes. */
export const kindAliases: Record<string, DocumentKind> = Object.fromEntries(
  Object.values(documentKindTable).flatMap((info) => {
    const names = [info.zh];
    if (info.kind === 'order') names.push('命令', '令');
    return names.map((name) => [name, info.kind]);
  }),
);
