import { PDFDocument, PDFName, type PDFRef } from '@cantoo/pdf-lib';
import type { FontRole } from '@oa/shared';
import { geometry } from '../gbt9704';
import type { FontSet } from '../fonts/load';
import type { LineGlyph } from '../layout/line-break';
import type { PageLayout, PlacedRun, Rgb } from '../layout/page-model';
import { embedFont, type EmbeddedFont } from './embed-font';
import { flateStream } from './streams';

export interface RenderOptions {
  /** Document title in the PDF's metadata. */
  title?: string;
  /** Creation date in the metadata; absent by default so the output is deterministic. */
  creationDate?: Date;
}

const num = (value: number): string => {
  const text = value.toFixed(3);
  return text.replace(/\.?0+$/, '') || '0';
};

const colour = (rgb: Rgb | undefined, op: 'rg' | 'RG'): string => {
  const [r, g, b] = rgb ?? [0, 0, 0];
  return `${num(r)} ${num(g)} ${num(b)} ${op}`;
};

function fontName(role: FontRole, narrow: boolean): string {
  return narrow ? `F_${role}_narrow` : `F_${role}`;
}

/** Consecutive glyphs drawn with the same font variant. */
function segments(glyphs: readonly LineGlyph[]): LineGlyph[][] {
  const out: LineGlyph[][] = [];
  for (const glyph of glyphs) {
    const last = out[out.length - 1];
    if (last && (last[0]!.narrow === true) === (glyph.narrow === true)) last.push(glyph);
    else out.push([glyph]);
  }
  return out;
}

function runOperators(run: PlacedRun, font: EmbeddedFont): string {
  const scale = (run.hScale ?? 100) / 100;
  const ops = [colour(run.color, 'rg'), `${num(scale * 100)} Tz`];
  for (const glyphs of segments(run.glyphs)) {
    const narrow = glyphs[0]!.narrow === true;
    const parts: string[] = [];
    glyphs.forEach((glyph, i) => {
      const codePoint = glyph.ch.codePointAt(0)!;
      const code = font.codes.get(codePoint) ?? 0;
      parts.push(`<${code.toString(16).padStart(4, '0')}>`);
      const next = glyphs[i + 1];
      if (!next) return;
      const width = font.widths.get(codePoint) ?? 1000;
      const advance = (narrow ? Math.round(width / 2) : width) / 1000;
      const adjust = (advance - (next.x - glyph.x) / run.size) * 1000;
      if (Math.abs(adjust) >= 0.01) parts.push(num(adjust));
    });
    ops.push(
      `/${fontName(run.role, narrow)} ${num(run.size)} Tf`,
      `1 0 0 1 ${num(run.x + glyphs[0]!.x * scale)} ${num(run.baseline)} Tm`,
      `[${parts.join(' ')}] TJ`,
    );
  }
  return ops.join('\n');
}

/** Draws laid-out pages into a PDF, embedding a HarfBuzz subset of each font used. */
export async function renderPdf(
  pages: readonly PageLayout[],
  fonts: FontSet,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  if (options.title) pdf.setTitle(options.title);
  if (options.creationDate) pdf.setCreationDate(options.creationDate);
  pdf.setLanguage('zh-CN');

  const used = new Map<FontRole, { all: Set<number>; narrow: Set<number> }>();
  for (const page of pages) {
    for (const run of page.runs) {
      let sets = used.get(run.role);
      if (!sets) used.set(run.role, (sets = { all: new Set(), narrow: new Set() }));
      for (const glyph of run.glyphs) {
        sets.all.add(glyph.ch.codePointAt(0)!);
        if (glyph.narrow) sets.narrow.add(glyph.ch.codePointAt(0)!);
      }
    }
  }
  const embedded = new Map<FontRole, EmbeddedFont>();
  const roles = [...used.keys()].sort();
  for (const role of roles) {
    const sets = used.get(role)!;
    embedded.set(role, await embedFont(pdf, fonts[role], sets.all, sets.narrow));
  }

  for (const page of pages) {
    const pdfPage = pdf.addPage([geometry.pageWidth, geometry.pageHeight]);
    const ops: string[] = [];
    for (const rule of page.rules) {
      ops.push(
        `${colour(rule.color, 'RG')} ${num(rule.width)} w ${num(rule.x1)} ${num(rule.y)} m ${num(rule.x2)} ${num(rule.y)} l S`,
      );
    }
    ops.push('BT');
    for (const run of page.runs) ops.push(runOperators(run, embedded.get(run.role)!));
    ops.push('ET');
    const content: PDFRef = pdf.context.register(flateStream(pdf.context, ops.join('\n')));
    pdfPage.node.set(PDFName.of('Contents'), content);
    for (const role of roles) {
      const font = embedded.get(role)!;
      pdfPage.node.setFontDictionary(PDFName.of(fontName(role, false)), font.ref);
      if (font.narrowRef) pdfPage.node.setFontDictionary(PDFName.of(fontName(role, true)), font.narrowRef);
    }
  }
  return pdf.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}
