import { isOaError, validateDocument, type GongwenDocument, type SealPosition } from '@oa/shared';
import { loadFonts, typeset, type FontSet } from '@oa/typeset';
import { desktopError } from '../errors';

/**
 * Fonts are loaded once per thread and kept (the typesetter also caches its HarfBuzz working
 * sets per thread); a font installed after a FONT_ error is found on the next call.
 */
let fonts: Promise<FontSet> | undefined;

export interface TypesetDocument {
  /** The document as validated (defaults filled). */
  document: GongwenDocument;
  pdf: Uint8Array;
  pageCount: number;
  sealPositions: SealPosition[];
  millis: number;
}

/**
 * A document as typed → its GB/T 9704 PDF, in the thread that calls it (the preview and jobs
 * worker threads). An invalid document fails with DOC_INVALID and the violations at their fields.
 */
export async function typesetDocument(document: unknown): Promise<TypesetDocument> {
  const result = validateDocument(document, { stage: 'draft' });
  if (!result.ok || result.document === undefined) {
    const errors = result.violations.filter((v) => v.severity === 'error');
    const violations = errors.map((v) => `${v.path}: ${v.message.zh}`).join('；');
    throw desktopError('DOC_INVALID', { violations, items: errors });
  }
  try {
    fonts ??= loadFonts();
    const started = performance.now();
    const output = await typeset(result.document, await fonts);
    return {
      document: result.document,
      pdf: output.pdf,
      pageCount: output.pageCount,
      sealPositions: output.sealPositions,
      millis: performance.now() - started,
    };
  } catch (error) {
    if (isOaError(error) && error.code.startsWith('FONT_')) fonts = undefined;
    throw error;
  }
}
