import { existsSync, readFileSync } from 'node:fs';
import { OaError } from '@oa/shared';

/**
 * The 归档章 needs a CJK TrueType font (pdf-lib subsets TrueType correctly, not CFF): a configured
 * file, else the usual 宋体/仿宋 files of Windows and Debian's AR PL SungtiL GB.
 */
export const stampFontCandidates = [
  'C:\\Windows\\Fonts\\simfang.ttf',
  'C:\\Windows\\Fonts\\simsun.ttf',
  '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf',
  '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf',
  '/Library/Fonts/Songti.ttf',
];

export function loadStampFont(configured?: string): Uint8Array {
  const candidates = configured ? [configured] : stampFontCandidates;
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new OaError('STAMP_FONT_MISSING', {
      zh: `找不到归档章所需的中文 TrueType 字体（已查找：${candidates.join('、')}）。请用 --stamp-font 指定字体文件，或安装 fonts-arphic-gbsn00lp。`,
      en: `No CJK TrueType font for the archive stamp (looked for ${candidates.join(', ')}). Pass --stamp-font, or install fonts-arphic-gbsn00lp.`,
    });
  }
  return readFileSync(found);
}
