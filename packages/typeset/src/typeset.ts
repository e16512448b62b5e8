import path from 'node:path';
import type { FontRole, GongwenDocument, SealPosition } from '@oa/shared';
import type { FontSet } from './fonts/load';
import { fontRoles } from './fonts/roles';
import { layoutDocument, type DocumentLayout } from './layout/compose';
import type { Metrics } from './layout/measure';
import { renderPdf, type RenderOptions } from './pdf/render';

export interface TypesetResult {
  pdf: Uint8Array;
  /** Where each sealed issuer's seal goes (points, bottom-left origin), for the signature package. */
  sealPositions: SealPosition[];
  pageCount: number;
}

export type TypesetOptions = RenderOptions;

/** The layout's view of a font set: advances by role, names for messages. */
export function metricsOf(fonts: FontSet): Metrics {
  const fontNames = Object.fromEntries(
    fontRoles.map((role) => [role, `${fonts[role].postscriptName}, ${path.basename(fonts[role].file)}`]),
  ) as Record<FontRole, string>;
  return { advance: (role, codePoint) => fonts[role].advance(codePoint), fontNames };
}

/** Lays out a document without drawing it (pages of positioned text and lines). */
export function layout(doc: GongwenDocument, fonts: FontSet): DocumentLayout {
  return layoutDocument(doc, metricsOf(fonts));
}

/**
 * Typesets a parsed, validated document as a GB/T 9704 PDF. Deterministic: the same document
 * and fonts give the same bytes (no current time unless `creationDate` is given).
 */
export async function typeset(
  doc: GongwenDocument,
  fonts: FontSet,
  options: TypesetOptions = {},
): Promise<TypesetResult> {
  const laidOut = layout(doc, fonts);
  const pdf = await renderPdf(laidOut.pages, fonts, { title: options.title ?? doc.title, ...options });
  const sealPositions = laidOut.seals.map((seal) => {
    const issuer = doc.issuers[seal.issuerIndex]!;
    return {
      issuerCode: issuer.code,
      issuerName: issuer.name,
      page: seal.page,
      centerX: round(seal.centerX),
      centerY: round(seal.centerY),
      diameter: round(seal.diameter),
    };
  });
  return { pdf, sealPositions, pageCount: laidOut.pages.length };
}

const round = (value: number) => Math.round(value * 100) / 100;
