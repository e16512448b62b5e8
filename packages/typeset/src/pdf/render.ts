import { PDFDocument, PDFName, type PDFRef } from '@cantoo/pdf-lib';
import type { FontRole } from '@oa/shared';
import { geometry } from '../gbt9704';
import type { FontSet } from '../fonts/load';
import type { PageLayout, PlacedRun, Rgb } from '../layout/page-model';
import { embedFont, type EmbeddedFont } from './embed-font';

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

function fontName(role: FontRole): string {
  return `F_${role}`;
}

function runOperators(run: PlacedRun, font: EmbeddedFont): string {
  const scale = (run.hScale ?? 100) / 100;
  const first = run.glyphs[0];
  if (!first) return '';
  const parts: string[] = [];
  run.glyphs.forEach((glyph, i) => {
    const codePoint = glyph.ch.codePointAt(0)!;
    const code = font.codes.get(codePoint) ?? 0;
    parts.push(`<${code.toString(16).padStart(4, '0')}>`);
    const next = run.glyphs[i + 1];
    if (!next) return;
    const advance = (font.widths.get(codePoint) ?? 1000) / 1000;
    const adjust = (advance - (next.x - glyph.x) / run.size) * 1000;
    if (Math.abs(adjust) >= 0.01) parts.push(num(adjust));
  });
  return [
    `/${fontName(run.role)} ${num(run.size)} Tf`,
    colour(run.color, 'rg'),
    `${num(scale * 100)} Tz`,
    `1 0 0 1 ${num(run.x + first.x * scale)} ${num(run.baseline)} Tm`,
    `[${parts.join(' ')}] TJ`,
  ].join('\n');
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

  const used = new Map<FontRole, Set<number>>();
  for (const page of pages) {
    for (const run of page.runs) {
      let set = used.get(run.role);
      if (!set) used.set(run.role, (set = new Set()));
      for (const glyph of run.glyphs) set.add(glyph.ch.codePointAt(0)!);
    }
  }
  const embedded = new Map<FontRole, EmbeddedFont>();
  const roles = [...used.keys()].sort();
  for (const role of roles) embedded.set(role, await embedFont(pdf, fonts[role], used.get(role)!));

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
    const content: PDFRef = pdf.context.register(pdf.context.flateStream(ops.join('\n')));
    pdfPage.node.set(PDFName.of('Contents'), content);
    for (const role of roles) pdfPage.node.setFontDictionary(PDFName.of(fontName(role)), embedded.get(role)!.ref);
  }
  return pdf.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });
}
