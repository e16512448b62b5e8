import fontkit, { type Font } from '@cantoo/fontkit';
import { PDFString, type PDFDocument, type PDFRef } from '@cantoo/pdf-lib';
import { OaError } from '@oa/shared';
import { subsetFace } from '../fonts/harfbuzz';
import { flateStream } from './streams';
import type { LoadedFont } from '../fonts/load';

/** A font embedded in a PDF: the Type0 font's reference and the 2-byte code of each character. */
export interface EmbeddedFont {
  ref: PDFRef;
  /**
   * The same font program with half-width advances for squeezed closing marks, so their
   * boxes (what text extraction sees) end where the next character starts.
   */
  narrowRef: PDFRef | undefined;
  /** Code (CID) of each code point used. */
  codes: Map<number, number>;
  /** Advance in 1/1000 em of each code point used (half of it, rounded, in the narrow font). */
  widths: Map<number, number>;
}

interface CffInternals {
  isCIDFont: boolean;
  topDict: { charset?: { version: number; glyphs?: number[]; ranges?: { first: number; nLeft: number }[] } };
}

const emBox = { ascent: 880, descent: -120 };

/** The byte range of one table in an sfnt (OpenType) file. */
function sfntTable(bytes: Uint8Array, tagName: string): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(4);
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tagText = String.fromCharCode(...bytes.subarray(record, record + 4));
    if (tagText === tagName) {
      const offset = view.getUint32(record + 8);
      return bytes.subarray(offset, offset + view.getUint32(record + 12));
    }
  }
  return undefined;
}

/** CID of each glyph of a CID-keyed CFF (index = glyph id; .notdef is CID 0). */
function cidsOf(cff: CffInternals, glyphCount: number): number[] {
  const cids = [0];
  const charset = cff.topDict.charset;
  if (charset?.glyphs) cids.push(...charset.glyphs);
  else if (charset?.ranges) {
    for (const range of charset.ranges) for (let k = 0; k <= range.nLeft; k++) cids.push(range.first + k);
  }
  while (cids.length < glyphCount) cids.push(cids.length);
  return cids;
}

/** A six-letter subset tag (PDF 32000 §9.6.4) derived from the content, so output is deterministic. */
function subsetTag(seed: string): string {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (hash % 26));
    hash = Math.floor(hash / 26) + i * 7919;
  }
  return tag;
}

function hex4(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0');
}

function utf16Hex(codePoint: number): string {
  const text = String.fromCodePoint(codePoint);
  let out = '';
  for (let i = 0; i < text.length; i++) out += hex4(text.charCodeAt(i));
  return out;
}

function toUnicodeCMap(codes: Map<number, number>): string {
  const entries = [...codes.entries()].sort((a, b) => a[1] - b[1]);
  const lines = [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
  ];
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    lines.push(`${chunk.length} beginbfchar`);
    for (const [codePoint, code] of chunk) lines.push(`<${hex4(code)}> <${utf16Hex(codePoint)}>`);
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/**
 * Subsets `loaded` to the code points with HarfBuzz and embeds the subset whole (no second
 * subsetting by pdf-lib): TrueType as CIDFontType2, CFF as CIDFontType0 with the bare CFF
 * program. A CID-keyed CFF keeps its CIDs in the subset, so the codes are those CIDs.
 */
export async function embedFont(
  pdf: PDFDocument,
  loaded: LoadedFont,
  codePoints: ReadonlySet<number>,
  narrowCodePoints: ReadonlySet<number> = new Set(),
): Promise<EmbeddedFont> {
  const sorted = [...codePoints].sort((a, b) => a - b);
  const bytes = await subsetFace(loaded.key, loaded.bytes, loaded.faceIndex, sorted);
  if (!bytes) {
    throw new OaError(
      'FONT_SUBSET_FAILED',
      {
        zh: `无法精简字体 ${loaded.file}，请换用其他字体文件。`,
        en: `Cannot subset the font ${loaded.file}; use another font file.`,
      },
      { file: loaded.file },
    );
  }
  const subset = fontkit.create(bytes) as Font;
  const cffTable = sfntTable(bytes, 'CFF ');
  const cff = cffTable ? ((subset as unknown as Record<string, unknown>)['CFF '] as CffInternals) : undefined;
  const cids = cff?.isCIDFont ? cidsOf(cff, subset.numGlyphs) : undefined;
  const scale = 1000 / subset.unitsPerEm;
  const codes = new Map<number, number>();
  const widths = new Map<number, number>();
  for (const codePoint of sorted) {
    // Only the cmap of the subset is read (its glyph ids); advances come from the whole font,
    // whose metrics are cached (reading them from the subset would parse every outline).
    const glyph = subset.glyphForCodePoint(codePoint);
    const advance = loaded.advance(codePoint);
    if (!glyph || glyph.id === 0 || advance === undefined) continue;
    codes.set(codePoint, cids ? (cids[glyph.id] ?? glyph.id) : glyph.id);
    widths.set(codePoint, Math.round(advance));
  }

  const context = pdf.context;
  const baseFont = `${subsetTag(`${loaded.postscriptName}:${sorted.join(',')}`)}+${loaded.postscriptName.replace(/[^!-~]|[/()<>[\]{}%#]/g, '')}`;
  const program = cffTable ?? bytes;
  const fontFile = context.register(
    flateStream(context, program, cffTable ? { Subtype: 'CIDFontType0C' } : { Length1: program.byteLength }),
  );
  const bbox = subset.bbox;
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: baseFont,
      Flags: 4,
      FontBBox: [bbox.minX * scale, bbox.minY * scale, bbox.maxX * scale, bbox.maxY * scale].map(Math.round),
      ItalicAngle: 0,
      // The ideographic em box (0.88 above and 0.12 below the baseline), the box the layout
      // centres on grid lines; text extraction tools report glyph boxes from these values.
      Ascent: emBox.ascent,
      Descent: emBox.descent,
      CapHeight: emBox.ascent,
      StemV: 80,
      [cffTable ? 'FontFile3' : 'FontFile2']: fontFile,
    }),
  );
  const widthArray = (narrow: ReadonlySet<number>) => {
    const byCode = [...codes.entries()]
      .map(([cp, code]) => [code, Math.round((widths.get(cp) ?? 1000) / (narrow.has(cp) ? 2 : 1))] as const)
      .sort((a, b) => a[0] - b[0]);
    const w: (number | number[])[] = [];
    for (const [code, width] of byCode) {
      const last = w[w.length - 1];
      const start = w[w.length - 2];
      if (Array.isArray(last) && typeof start === 'number' && start + last.length === code) last.push(width);
      else w.push(code, [width]);
    }
    return w;
  };
  const toUnicode = context.register(flateStream(context, toUnicodeCMap(codes)));
  const type0 = (narrow: ReadonlySet<number>) => {
    const cidFont = context.register(
      context.obj({
        Type: 'Font',
        Subtype: cffTable ? 'CIDFontType0' : 'CIDFontType2',
        BaseFont: baseFont,
        CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('Identity'), Supplement: 0 },
        FontDescriptor: descriptor,
        DW: 1000,
        W: widthArray(narrow),
        ...(cffTable ? {} : { CIDToGIDMap: 'Identity' }),
      }),
    );
    return context.register(
      context.obj({
        Type: 'Font',
        Subtype: 'Type0',
        BaseFont: baseFont,
        Encoding: 'Identity-H',
        DescendantFonts: [cidFont],
        ToUnicode: toUnicode,
      }),
    );
  };
  const ref = type0(new Set());
  const narrowRef = narrowCodePoints.size > 0 ? type0(narrowCodePoints) : undefined;
  return { ref, narrowRef, codes, widths };
}
