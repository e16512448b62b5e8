import type { FontRole } from '@oa/shared';

/** The five typefaces GB/T 9704 names, by role. */
export const fontRoles = [
  'xiaobiaosong',
  'fangsong',
  'kaiti',
  'heiti',
  'songti',
] as const satisfies readonly FontRole[];

export const fontRoleNames: Record<FontRole, { zh: string; en: string }> = {
  xiaobiaosong: { zh: '小标宋', en: 'Xiaobiaosong (title Song)' },
  fangsong: { zh: '仿宋', en: 'Fangsong' },
  kaiti: { zh: '楷体', en: 'Kaiti' },
  heiti: { zh: '黑体', en: 'Heiti' },
  songti: { zh: '宋体', en: 'Songti' },
};

/** Chinese role names accepted in fonts.json as keys. */
export const fontRoleAliases: Record<string, FontRole> = {
  小标宋: 'xiaobiaosong',
  仿宋: 'fangsong',
  楷体: 'kaiti',
  黑体: 'heiti',
  宋体: 'songti',
};

/** A font file on disk; `face` picks a face of a collection (.ttc) by index or PostScript name. */
export interface FontSource {
  file: string;
  face?: number | string | undefined;
}

/**
 * Where each role is looked for, in order: the usual commercial files on Windows, macOS and
 * Linux (their names as installed), then the open fonts Debian ships. The first file found wins.
 * `face` names the face of a collection; without it, or when a discovered collection does not
 * have that face, the first face is used.
 */
export interface FontCandidate {
  names: readonly string[];
  face?: string;
  /** An open substitute, reported as a fallback. */
  fallback?: boolean;
}

export const fontCandidates: Record<FontRole, readonly FontCandidate[]> = {
  xiaobiaosong: [
    {
      names: [
        'FZXBSJW.TTF',
        'FZXBSJW--GB1-0.ttf',
        '方正小标宋简体.ttf',
        '方正小标宋_GBK.ttf',
        'FZXiaoBiaoSong-B05S.ttf',
      ],
    },
    { names: ['NotoSerifCJK-Bold.ttc'], face: 'NotoSerifCJKsc-Bold', fallback: true },
    { names: ['NotoSerifCJKsc-Bold.otf', 'NotoSerifSC-Bold.otf'], fallback: true },
    { names: ['NotoSerifCJK-Regular.ttc'], face: 'NotoSerifCJKsc-Regular', fallback: true },
  ],
  fangsong: [
    {
      names: ['simfang.ttf', 'FangSong_GB2312.ttf', '仿宋_GB2312.ttf', 'STFANGSO.TTF', '华文仿宋.ttf', 'Fangsong.ttf'],
    },
    // AR PL SungtiL GB: a light Song with full GB 2312 coverage, the closest open face in colour.
    { names: ['gbsn00lp.ttf'], fallback: true },
    { names: ['NotoSerifCJK-Regular.ttc'], face: 'NotoSerifCJKsc-Regular', fallback: true },
  ],
  kaiti: [
    { names: ['simkai.ttf', 'KaiTi_GB2312.ttf', '楷体_GB2312.ttf', 'STKAITI.TTF', '华文楷体.ttf'] },
    { names: ['Kaiti.ttc'], face: 'STKaitiSC-Regular' },
    { names: ['gkai00mp.ttf'], fallback: true },
    { names: ['LXGWWenKai-Regular.ttf'], fallback: true },
    { names: ['ukai.ttc'], face: 'AR-PL-UKai-CN', fallback: true },
  ],
  heiti: [
    { names: ['simhei.ttf', 'STHEITI.TTF', '华文黑体.ttf'] },
    { names: ['STHeiti Medium.ttc'], face: 'STHeitiSC-Medium' },
    { names: ['NotoSansCJK-Regular.ttc'], face: 'NotoSansCJKsc-Regular', fallback: true },
    { names: ['wqy-zenhei.ttc'], face: 'WenQuanYiZenHei', fallback: true },
  ],
  songti: [
    { names: ['simsun.ttc', 'SimSun.ttf', 'STSONG.TTF', '华文宋体.ttf'] },
    { names: ['Songti.ttc'], face: 'STSongti-SC-Regular' },
    { names: ['NotoSerifCJK-Regular.ttc'], face: 'NotoSerifCJKsc-Regular', fallback: true },
    { names: ['gbsn00lp.ttf'], fallback: true },
  ],
};

/** Font folders by platform (the user's own folders are added by discovery). */
export const fontFolders: Record<'win32' | 'darwin' | 'linux', readonly string[]> = {
  win32: ['C:\\Windows\\Fonts'],
  darwin: ['/System/Library/Fonts', '/System/Library/Fonts/Supplemental', '/Library/Fonts'],
  linux: ['/usr/share/fonts', '/usr/local/share/fonts'],
};
