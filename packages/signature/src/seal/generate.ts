import { existsSync, readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { signatureError } from '../errors';
import type { SealPicture } from './picture';

/**
 * Draws a standard round red seal (圆形红色印章) as SVG: outer ring, five-pointed star in the
 * centre, the agency name along the upper arc, the seal name below the star. FOR DEMOS AND
 * TESTS ONLY: a real seal's image is an official artefact and is imported (`oa seal import`).
 */

/** Geometry of a round seal in tenths of a millimetre (viewBox units), after common 公章 practice. */
export const roundSealGeometry = {
  diameterMm: 42,
  ringWidth: 12,
  starOuterRadius: 70,
  starInnerRatio: 0.382,
  arcTextRadius: 186,
  arcTextSize: 62,
  arcSpanDegrees: 220,
  /** Short names are not stretched round the ring: at most this many degrees between characters. */
  arcMaxDegreesPerStep: 30,
  nameTextSize: 46,
  nameTextOffset: 128,
  color: '#e60012',
} as const;

/** Fonts tried in order when none is given (Debian: fonts-arphic-gbsn00lp, fonts-arphic-gkai00mp). */
export const sealFontCandidates = [
  '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf',
  '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf',
] as const;

interface Glyphs {
  unitsPerEm: number;
  glyphPath(char: string): { commands: Array<{ command: string; args: number[] }>; advance: number } | undefined;
}

function loadFont(file: string | undefined): Glyphs {
  const path = file ?? sealFontCandidates.find((candidate) => existsSync(candidate));
  if (!path || !existsSync(path)) {
    throw signatureError(
      'FONT_NOT_FOUND',
      '找不到生成印章所需的中文字体（请安装 fonts-arphic-gbsn00lp 或指定字体文件）。',
      'No Chinese font for drawing the seal (install fonts-arphic-gbsn00lp or pass a font file).',
    );
  }
  const font = fontkit.create(readFileSync(path)) as unknown as {
    unitsPerEm: number;
    hasGlyphForCodePoint(cp: number): boolean;
    glyphForCodePoint(cp: number): {
      path: { commands: Array<{ command: string; args: number[] }> };
      advanceWidth: number;
    };
  };
  return {
    unitsPerEm: font.unitsPerEm,
    glyphPath(char) {
      const cp = char.codePointAt(0)!;
      if (!font.hasGlyphForCodePoint(cp)) return undefined;
      const glyph = font.glyphForCodePoint(cp);
      return { commands: glyph.path.commands, advance: glyph.advanceWidth };
    },
  };
}

const fmt = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * One glyph as SVG path data: scaled to `size`, centred horizontally on the origin with its
 * baseline at y = 0 (glyph above), then rotated by `angle` (radians, clockwise) and moved to (tx, ty).
 */
function glyphPathData(font: Glyphs, char: string, size: number, angle: number, tx: number, ty: number): string {
  const glyph = font.glyphPath(char);
  if (!glyph) {
    throw signatureError('FONT_NOT_FOUND', `字体中没有“${char}”字。`, `The font has no glyph for "${char}".`);
  }
  const scale = size / font.unitsPerEm;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const half = (glyph.advance * scale) / 2;
  const point = (gx: number, gy: number): string => {
    const lx = gx * scale - half;
    const ly = -gy * scale;
    return `${fmt(tx + lx * cos - ly * sin)} ${fmt(ty + lx * sin + ly * cos)}`;
  };
  const letters: Record<string, string> = {
    moveTo: 'M',
    lineTo: 'L',
    quadraticCurveTo: 'Q',
    bezierCurveTo: 'C',
    closePath: 'Z',
  };
  return glyph.commands
    .map(({ command, args }) => {
      const letter = letters[command] ?? '';
      const pairs: string[] = [];
      for (let i = 0; i + 1 < args.length; i += 2) pairs.push(point(args[i]!, args[i + 1]!));
      return `${letter}${pairs.join(' ')}`;
    })
    .join('');
}

function starPoints(cx: number, cy: number, outer: number, inner: number): string {
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 ? inner : outer;
    const a = (Math.PI / 5) * i;
    points.push(`${fmt(cx + r * Math.sin(a))},${fmt(cy - r * Math.cos(a))}`);
  }
  return points.join(' ');
}

export interface RoundSealOptions {
  /** Agency name along the arc, e.g. 江宁市人民政府办公室. */
  agencyName: string;
  /** Seal name below the star, e.g. 公章 is usually omitted; 发文专用章. */
  sealName?: string;
  /** A TrueType/OpenType font with the characters (default: Arphic 宋体). */
  fontFile?: string;
}

/** Draws the demo round seal; returns an SVG seal picture of 42 mm. */
export function generateRoundSeal(options: RoundSealOptions): SealPicture {
  const g = roundSealGeometry;
  const size = g.diameterMm * 10;
  const c = size / 2;
  const font = loadFont(options.fontFile);
  const chars = [...options.agencyName.trim()];
  if (chars.length === 0 || chars.length > 24) {
    throw signatureError(
      'SEAL_IMAGE_UNSUPPORTED',
      '机关名称须为 1 至 24 个字。',
      'The agency name must have 1 to 24 characters.',
    );
  }
  const span = (Math.min(g.arcSpanDegrees, g.arcMaxDegreesPerStep * (chars.length - 1)) * Math.PI) / 180;
  const textSize = Math.min(
    g.arcTextSize,
    ((g.arcTextRadius * (g.arcSpanDegrees * Math.PI)) / 180 / chars.length) * 0.9,
  );
  const parts: string[] = [
    `<circle cx="${c}" cy="${c}" r="${fmt(c - g.ringWidth / 2 - 2)}" fill="none" stroke="${g.color}" stroke-width="${g.ringWidth}"/>`,
    `<polygon points="${starPoints(c, c, g.starOuterRadius, g.starOuterRadius * g.starInnerRatio)}" fill="${g.color}"/>`,
  ];
  const step = chars.length > 1 ? span / (chars.length - 1) : 0;
  const arcText = chars
    .map((char, i) => {
      const angle = chars.length > 1 ? -span / 2 + i * step : 0;
      const baseline = g.arcTextRadius - textSize;
      return glyphPathData(font, char, textSize, angle, c + baseline * Math.sin(angle), c - baseline * Math.cos(angle));
    })
    .join('');
  parts.push(`<path d="${arcText}" fill="${g.color}"/>`);
  const sealName = [...(options.sealName ?? '')];
  if (sealName.length > 0) {
    const width = g.nameTextSize * sealName.length;
    const nameText = sealName
      .map((char, i) =>
        glyphPathData(font, char, g.nameTextSize, 0, c - width / 2 + g.nameTextSize * (i + 0.5), c + g.nameTextOffset),
      )
      .join('');
    parts.push(`<path d="${nameText}" fill="${g.color}"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${g.diameterMm}mm" height="${g.diameterMm}mm">\n${parts.join('\n')}\n</svg>\n`;
  return { type: 'svg', data: Buffer.from(svg, 'utf8'), widthMm: g.diameterMm, heightMm: g.diameterMm };
}
