import { readFile } from 'node:fs/promises';
import fontkit, { type Font, type FontCollection } from '@cantoo/fontkit';
import { OaError, type FontRole } from '@oa/shared';
import { discoverFonts, type DiscoveredFont } from './discover';
import type { FontMap } from './font-map';
import { fontRoleNames, fontRoles, type FontSource } from './roles';

/** A parsed font face ready for layout: advances by code point, and its bytes for subsetting. */
export interface LoadedFont {
  /** Cache key: file and face. */
  key: string;
  file: string;
  /** Index of the face in its file (0 for single-face files). */
  faceIndex: number;
  postscriptName: string;
  fallback: boolean;
  bytes: Uint8Array;
  font: Font;
  /** Advance width in 1/1000 em, or undefined when the font has no glyph for the code point. */
  advance(codePoint: number): number | undefined;
}

/** The font for every role of a document. */
export type FontSet = Record<FontRole, LoadedFont>;

const cache = new Map<string, Promise<LoadedFont>>();

function isCollection(value: Font | FontCollection): value is FontCollection {
  return Array.isArray((value as FontCollection).fonts);
}

function fontError(code: string, file: string, zh: string, en: string): OaError {
  return new OaError(code, { zh: `字体文件 ${file}${zh}`, en: `Font file ${file}${en}` }, { file });
}

async function parseFace(source: FontSource, fallback: boolean, lenient: boolean): Promise<LoadedFont> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(source.file));
  } catch {
    throw fontError('FONT_UNREADABLE', source.file, ' 无法读取。', ' cannot be read.');
  }
  let parsed: Font | FontCollection;
  try {
    parsed = fontkit.create(bytes);
  } catch {
    throw fontError(
      'FONT_INVALID',
      source.file,
      ' 不是可用的 TrueType/OpenType 字体。',
      ' is not a usable TrueType/OpenType font.',
    );
  }
  const faces = isCollection(parsed) ? parsed.fonts : [parsed];
  const wanted = source.face;
  const named = typeof wanted === 'string' ? faces.findIndex((f) => f.postscriptName === wanted) : -1;
  // A discovered collection without the expected face still serves with its first face.
  const faceIndex = typeof wanted === 'number' ? wanted : wanted === undefined || (named < 0 && lenient) ? 0 : named;
  const font = faces[faceIndex];
  if (!font) {
    throw fontError(
      'FONT_FACE_NOT_FOUND',
      source.file,
      ` 中没有名为“${String(wanted)}”的字体（可用：${faces.map((f) => f.postscriptName).join('、')}）。`,
      ` has no face "${String(wanted)}" (available: ${faces.map((f) => f.postscriptName).join(', ')}).`,
    );
  }
  const scale = 1000 / font.unitsPerEm;
  const advances = new Map<number, number | undefined>();
  return {
    key: `${source.file}#${faceIndex}`,
    file: source.file,
    faceIndex,
    postscriptName: font.postscriptName ?? `face${faceIndex}`,
    fallback,
    bytes,
    font,
    advance(codePoint) {
      if (advances.has(codePoint)) return advances.get(codePoint);
      const glyph = font.hasGlyphForCodePoint(codePoint) ? font.glyphForCodePoint(codePoint) : null;
      const value = glyph && glyph.id !== 0 ? glyph.advanceWidth * scale : undefined;
      advances.set(codePoint, value);
      return value;
    },
  };
}

/**
 * Loads (once per process) the face a source names. `discovered` fonts fall back to the first
 * face of a collection; configured ones must have the face they name.
 */
export function loadFont(
  source: FontSource,
  options: { fallback?: boolean; discovered?: boolean } = {},
): Promise<LoadedFont> {
  const key = `${source.file}#${String(source.face ?? 0)}${options.discovered ? '#discovered' : ''}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = parseFace(source, options.fallback === true, options.discovered === true);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

export interface LoadFontsOptions {
  /** Configured files per role (fonts.json); they win over discovery. */
  map?: FontMap;
  /** Folders to discover fonts in (default: the platform's font folders). */
  folders?: readonly string[];
}

/**
 * The fonts for all five roles: configured first, then discovered. A role with no font is a
 * FONT_NOT_FOUND error that names the role and what was looked for.
 */
export async function loadFonts(options: LoadFontsOptions = {}): Promise<FontSet> {
  const discovered = discoverFonts(options.folders);
  const entries = await Promise.all(
    fontRoles.map(async (role) => {
      const configured = options.map?.[role];
      const source: DiscoveredFont | undefined = configured ? { ...configured, fallback: false } : discovered[role];
      const isDiscovered = !configured;
      if (!source) {
        const name = fontRoleNames[role];
        throw new OaError(
          'FONT_NOT_FOUND',
          {
            zh: `找不到${name.zh}字体：请安装（如 Windows 的仿宋、黑体、楷体，或 Debian 的 fonts-noto-cjk、fonts-arphic-gbsn00lp、fonts-arphic-gkai00mp），或在字体配置中指定文件。`,
            en: `No ${name.en} font found: install one (e.g. Windows' simfang/simhei/simkai, or Debian's fonts-noto-cjk, fonts-arphic-gbsn00lp, fonts-arphic-gkai00mp) or name a file in the font map.`,
          },
          { role },
        );
      }
      return [role, await loadFont(source, { fallback: source.fallback, discovered: isDiscovered })] as const;
    }),
  );
  return Object.fromEntries(entries) as FontSet;
}
