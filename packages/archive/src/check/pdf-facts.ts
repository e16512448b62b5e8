import { inflateSync } from 'node:zlib';
import { decodePDFRawStream, ParseSpeeds, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';

export interface PdfFacts {
  pageCount: number;
  /** Names of fonts whose programs are not embedded. */
  unembeddedFonts: string[];
}

/**
 * Parses a PDF once for the in-process checks (its facts here, and the signature verification,
 * which takes the same parse). Throws when it does not open, or is encrypted.
 */
export async function parsePdf(bytes: Uint8Array): Promise<PDFDocument> {
  const pdf = await PDFDocument.load(bytes, {
    updateMetadata: false,
    ignoreEncryption: true, // parsed anyway, and refused below with a clear reason
    throwOnInvalidObject: true,
    parseSpeed: ParseSpeeds.Fastest, // parse without yielding to timers between objects
  });
  if (pdf.isEncrypted) throw new Error('the PDF is encrypted');
  return pdf;
}

/** What the usability and authenticity checks need from a parsed PDF. */
export function pdfFacts(pdf: PDFDocument): PdfFacts {
  const unembedded = new Set<string>();
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : undefined;
    if (!dict || dict.get(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const subtype = dict.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Type0') || subtype === PDFName.of('Type3')) continue; // checked via descendants / own glyphs
    const name = dict.get(PDFName.of('BaseFont'))?.toString() ?? '(unnamed)';
    const descriptor = dict.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded =
      descriptor !== undefined &&
      ['FontFile', 'FontFile2', 'FontFile3'].some((key) => descriptor.get(PDFName.of(key)) !== undefined);
    if (!embedded) unembedded.add(name);
  }
  return { pageCount: pdf.getPageCount(), unembeddedFonts: [...unembedded] };
}

/** Opens a PDF and reports its facts. Throws when it does not open. */
export async function readPdfFacts(bytes: Uint8Array): Promise<PdfFacts> {
  return pdfFacts(await parsePdf(bytes));
}

const flateDecode = PDFName.of('FlateDecode');

/** The content streams of page `index` (none for a page without /Contents). */
function contentStreams(pdf: PDFDocument, index: number): PDFRawStream[] {
  const contents = pdf.getPage(index).node.Contents();
  const entries = contents instanceof PDFArray ? contents.asArray().map((ref) => pdf.context.lookup(ref)) : [contents];
  return entries.filter((entry): entry is PDFRawStream => entry instanceof PDFRawStream);
}

/**
 * Why the content of page `index` cannot be decoded (a damaged compressed stream), or undefined
 * when it can. Strict, unlike a renderer, which draws what it can of damaged data and says
 * nothing: asked about pages on which the renderer found nothing to draw.
 */
export function undecodableContent(pdf: PDFDocument, index: number): string | undefined {
  for (const stream of contentStreams(pdf, index)) {
    try {
      if (stream.dict.get(PDFName.of('Filter')) === flateDecode && !stream.dict.has(PDFName.of('DecodeParms')))
        inflateSync(stream.contents);
      else decodePDFRawStream(stream).decode();
    } catch (error) {
      return (error as Error).message;
    }
  }
  return undefined;
}
