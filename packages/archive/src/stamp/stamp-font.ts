import { OaError, retentionTable } from '@oa/shared';
import { discoverFonts, loadFont, subsetFace, type FontSource } from '@oa/typeset';

/** Every character a 归档章 can show: its labels, the retention names, digits and capitals. */
export const stampCharacters = [
  ...new Set([
    ...'全宗号年度件号机构（问题）保管期限页数',
    ...Object.values(retentionTable).flatMap((r) => [...r.zh]),
    ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-',
  ]),
];

const cache = new Map<string, Promise<Uint8Array>>();

/**
 * The font of the 归档章: 宋体 as the typesetter finds it (or a configured file), reduced once per
 * process to the stamp's characters with HarfBuzz, so each stamp embeds a few kilobytes.
 */
export function stampFont(configured?: string): Promise<Uint8Array> {
  const key = configured ?? '(discovered 宋体)';
  let font = cache.get(key);
  if (!font) {
    font = loadStampFont(configured);
    cache.set(key, font);
    font.catch(() => cache.delete(key));
  }
  return font;
}

/** Faces tried for the stamp when none is configured, in order of preference. */
const stampRoles = ['songti', 'fangsong', 'kaiti', 'heiti', 'xiaobiaosong'] as const;

/**
 * The configured font, else the first discovered face with TrueType outlines (pdf-lib embeds
 * CFF-outlined OpenType as if it were TrueType, which viewers warn about), else the first face
 * that can show every stamp character.
 */
async function loadStampFont(configured?: string): Promise<Uint8Array> {
  const discovered = configured ? undefined : discoverFonts();
  const sources = configured
    ? [{ file: configured }]
    : stampRoles.flatMap((role) => (discovered?.[role] ? [discovered[role]] : []));
  if (sources.length === 0) {
    throw new OaError('STAMP_FONT_MISSING', {
      zh: '找不到归档章所需的宋体或仿宋字体。请用 --stamp-font 指定字体文件，或安装 fonts-noto-cjk / fonts-arphic-gbsn00lp。',
      en: 'No Songti or Fangsong font for the archive stamp. Pass --stamp-font, or install fonts-noto-cjk / fonts-arphic-gbsn00lp.',
    });
  }
  let firstUsable: Uint8Array | undefined;
  let firstError: unknown;
  for (const source of [...new Map(sources.map((s) => [s.file + ('face' in s ? `#${s.face}` : ''), s])).values()]) {
    try {
      const subset = await subsetForStamp(source);
      if (hasTrueTypeOutlines(subset)) return subset;
      firstUsable ??= subset;
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstUsable) return firstUsable;
  throw firstError;
}

/** Whether an sfnt font file carries TrueType (`glyf`) outlines. */
function hasTrueTypeOutlines(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = view.getUint16(4);
  for (let i = 0; i < tables; i++) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === 'glyf') return true;
  }
  return false;
}

async function subsetForStamp(source: FontSource): Promise<Uint8Array> {
  const loaded = await loadFont(source);
  const codePoints = stampCharacters.map((c) => c.codePointAt(0)!);
  const missing = stampCharacters.filter((c) => loaded.advance(c.codePointAt(0)!) === undefined);
  if (missing.length > 0) {
    throw new OaError('STAMP_FONT_MISSING', {
      zh: `字体 ${loaded.file} 缺少归档章所需的字：${missing.join('')}。`,
      en: `The font ${loaded.file} lacks characters the archive stamp needs: ${missing.join('')}.`,
    });
  }
  const subset = await subsetFace(loaded.key, loaded.bytes, loaded.faceIndex, codePoints);
  if (!subset) {
    throw new OaError('STAMP_FONT_MISSING', {
      zh: `无法从字体 ${loaded.file} 提取归档章所需的字形。`,
      en: `Could not subset ${loaded.file} for the archive stamp.`,
    });
  }
  return subset;
}
