import { PDFDocument } from 'pdf-lib';
import { signatureError } from '../errors';

/** The facts about a PDF's last revision that an incremental update needs. */
export interface LoadedPdf {
  bytes: Buffer;
  doc: PDFDocument;
  /** Offset of the last cross-reference section (the value after the last `startxref`). */
  previousXref: number;
  /** Whether that section is a cross-reference stream (then ours is one too). */
  previousXrefIsStream: boolean;
  /** The trailer's /Size: first object number free for new objects. */
  size: number;
}

const pdfHeader = Buffer.from('%PDF-');

export function looksLikePdf(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes(pdfHeader);
}

function lastStartXref(bytes: Buffer): number {
  const at = bytes.lastIndexOf('startxref');
  if (at < 0) return -1;
  const match = /^startxref\s+(\d+)/.exec(bytes.subarray(at, at + 40).toString('latin1'));
  return match ? Number(match[1]) : -1;
}

function previousSize(bytes: Buffer, xref: number, isStream: boolean): number {
  const window = bytes.subarray(xref, isStream ? xref + 4096 : bytes.length).toString('latin1');
  const trailer = isStream ? window : window.slice(window.indexOf('trailer'));
  const match = /\/Size\s+(\d+)/.exec(trailer);
  return match ? Number(match[1]) : 0;
}

/** Parses a PDF for signing or verifying. Not a PDF, encrypted or damaged PDFs get typed errors. */
export async function loadPdf(input: Uint8Array): Promise<LoadedPdf> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!looksLikePdf(bytes)) {
    throw signatureError(
      'PDF_NOT_A_PDF',
      '文件不是 PDF（缺少 %PDF- 文件头）。',
      'The file is not a PDF (no %PDF- header).',
    );
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, throwOnInvalidObject: true });
  } catch (error) {
    throw signatureError(
      'PDF_NOT_A_PDF',
      'PDF 文件已损坏，无法解析。',
      `The PDF is damaged and cannot be parsed (${(error as Error).message}).`,
    );
  }
  if (doc.isEncrypted) {
    throw signatureError(
      'PDF_ENCRYPTED',
      'PDF 已加密，无法签章；请先提供未加密的文件。',
      'The PDF is encrypted and cannot be signed; provide an unencrypted file.',
    );
  }
  const previousXref = lastStartXref(bytes);
  if (previousXref <= 0 || previousXref >= bytes.length) {
    throw signatureError(
      'PDF_UNSUPPORTED',
      'PDF 缺少交叉引用表（startxref），无法追加签名。',
      'The PDF has no usable cross-reference (startxref); a signature cannot be appended.',
    );
  }
  const previousXrefIsStream = !bytes.subarray(previousXref, previousXref + 4).equals(Buffer.from('xref'));
  const size = Math.max(previousSize(bytes, previousXref, previousXrefIsStream), doc.context.largestObjectNumber + 1);
  // New objects get numbers after every number in use, including the old xref streams'.
  doc.context.largestObjectNumber = size - 1;
  return { bytes, doc, previousXref, previousXrefIsStream, size };
}
