import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFObjectCopier, rgb, type PDFFont, type PDFRef } from 'pdf-lib';
import { retentionTable, type ArchiveItemMetadata } from '@oa/shared';
import { roleAttribute, signPdf, type KeyStore } from '@oa/signature';
import { stampFont } from './stamp-font';

const mm = (value: number) => (value * 72) / 25.4;

/**
 * 归档章 geometry (DA/T 22-2015 §8.2: 3 × 2 cells of 15 × 8 mm): top right of page 1, in the top
 * margin (天头), right-aligned with the type area.
 */
export const archiveStampGeometry = {
  cellWidth: mm(15),
  cellHeight: mm(8),
  columns: 3,
  rows: 2,
  /** Distance from the page's top edge to the stamp's top edge. */
  top: mm(10),
  /** Distance from the page's right edge to the stamp's right edge (GB/T 9704 right margin). */
  right: mm(26),
} as const;

/** The six fields in their cells, row by row: 全宗号 年度 件号 / 机构 保管期限 页数. */
export function archiveStampCells(metadata: ArchiveItemMetadata): { label: string; value: string }[] {
  return [
    { label: '全宗号', value: metadata.fonds },
    { label: '年度', value: String(metadata.year) },
    { label: '件号', value: String(metadata.item) },
    { label: '机构（问题）', value: metadata.unit },
    { label: '保管期限', value: retentionTable[metadata.retention].zh },
    { label: '页数', value: String(metadata.pages) },
  ];
}

const red = rgb(0.8, 0.05, 0.05);

interface Scratch {
  doc: PDFDocument;
  font: PDFFont;
  fontBytes: Uint8Array;
  stamps: number;
}

/**
 * One scratch document per font holds the embedded font, so a stamp costs a page and a form, not
 * a font parse. Renewed now and then so it does not grow without end.
 */
let scratch: Scratch | undefined;
const stampsPerScratch = 500;

async function scratchFor(fontBytes: Uint8Array): Promise<Scratch> {
  if (scratch && scratch.fontBytes === fontBytes && scratch.stamps < stampsPerScratch) return scratch;
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  // Already reduced to the stamp's characters (stamp-font.ts); pdf-lib's own subsetting breaks CFF fonts.
  const font = await doc.embedFont(fontBytes, { subset: false });
  scratch = { doc, font, fontBytes, stamps: 0 };
  return scratch;
}

/** Draws the stamp into the scratch document and returns the form XObject to copy. */
async function drawStamp(
  metadata: ArchiveItemMetadata,
  fontBytes: Uint8Array,
): Promise<{ scratch: PDFDocument; form: PDFRef }> {
  const g = archiveStampGeometry;
  const width = g.cellWidth * g.columns;
  const height = g.cellHeight * g.rows;
  const state = await scratchFor(fontBytes);
  state.stamps++;
  const { doc, font } = state;
  const page = doc.addPage([width, height]);
  const line = 0.8;
  page.drawRectangle({
    x: line / 2,
    y: line / 2,
    width: width - line,
    height: height - line,
    borderColor: red,
    borderWidth: line,
  });
  for (let c = 1; c < g.columns; c++) {
    page.drawLine({
      start: { x: c * g.cellWidth, y: 0 },
      end: { x: c * g.cellWidth, y: height },
      thickness: line / 2,
      color: red,
    });
  }
  page.drawLine({
    start: { x: 0, y: g.cellHeight },
    end: { x: width, y: g.cellHeight },
    thickness: line / 2,
    color: red,
  });
  archiveStampCells(metadata).forEach((cell, index) => {
    const column = index % g.columns;
    const row = Math.floor(index / g.columns);
    const left = column * g.cellWidth;
    const bottom = height - (row + 1) * g.cellHeight;
    const labelSize = 4.5;
    const labelWidth = font.widthOfTextAtSize(cell.label, labelSize);
    page.drawText(cell.label, {
      x: left + (g.cellWidth - labelWidth) / 2,
      y: bottom + g.cellHeight - labelSize - 1.2,
      size: labelSize,
      font,
      color: red,
    });
    let valueSize = 9;
    while (valueSize > 5 && font.widthOfTextAtSize(cell.value, valueSize) > g.cellWidth - 3) valueSize -= 0.5;
    const valueWidth = font.widthOfTextAtSize(cell.value, valueSize);
    page.drawText(cell.value, {
      x: left + (g.cellWidth - valueWidth) / 2,
      y: bottom + 3,
      size: valueSize,
      font,
      color: red,
    });
  });
  const embedded = await doc.embedPage(page);
  await doc.flush();
  doc.removePage(doc.getPageCount() - 1);
  return { scratch: doc, form: embedded.ref };
}

async function firstPageSize(pdf: Uint8Array): Promise<[number, number]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  const { width, height } = doc.getPage(0).getSize();
  return [width, height];
}

export interface StampRequest {
  /** The archiving agency's key (档案专用章 or the records office's key). */
  keyStore: KeyStore;
  metadata: ArchiveItemMetadata;
  /** A CJK TrueType font file; default: the usual 宋体/仿宋 files. */
  fontFile?: string;
  signingTime?: Date;
}

/**
 * Adds the electronic 归档章 to page 1 as a visible signature of the archiving agency, in an
 * incremental update: every earlier signature and seal stays valid, and the stamp itself cannot
 * be altered or forged without breaking its own signature.
 */
export async function stampArchivePdf(pdf: Uint8Array, request: StampRequest): Promise<Uint8Array> {
  const { scratch, form } = await drawStamp(request.metadata, await stampFont(request.fontFile));
  const g = archiveStampGeometry;
  const [pageWidth, pageHeight] = await firstPageSize(pdf);
  const width = g.cellWidth * g.columns;
  const height = g.cellHeight * g.rows;
  return signPdf(pdf, {
    keyStore: request.keyStore,
    placement: { kind: 'rect', page: 0, x: pageWidth - g.right - width, y: pageHeight - g.top - height, width, height },
    appearance: (doc) => PDFObjectCopier.for(scratch.context, doc.context).copy(form),
    reason: `归档：${request.metadata.fonds}-${request.metadata.year}-${request.metadata.item}`,
    fieldName: 'ArchiveStamp',
    attributes: [roleAttribute('archive')],
    ...(request.signingTime ? { signingTime: request.signingTime } : {}),
  });
}
