import { parseDocumentDate, formatIsoDate, type GongwenDocument } from '@oa/shared';
import type { ArchiveFileInput, ArchiveRequest } from './catalog';
import { archiveErrors } from './errors';
import { readPdfFacts } from './check/pdf-facts';

export interface ArchivingPlace {
  /** 全宗号. */
  fonds: string;
  /** 机构（问题）代码. */
  unit: string;
  /** 保管期限: Y, D30, D10 (or 永久 / 定期30年 / 定期10年). */
  retention: string;
  /** 门类代码; WS (文书) by default. */
  category?: string;
}

function blockText(doc: GongwenDocument): string {
  return [doc.title, ...doc.body.map((b) => b.text), ...doc.attachments.map((a) => a.title)].join('\n');
}

/**
 * Turns a finished document (its JSON, the sealed PDF, attachments, receipts and handling record)
 * into an archive request with DA/T 22 metadata taken from the document itself: 题名, 文号,
 * 责任者 (the issuers), 日期 (成文日期), 密级, 文种, and 页数 counted in the PDF.
 */
export async function archiveRequestFromDocument(input: {
  document: GongwenDocument;
  pdf: Uint8Array;
  place: ArchivingPlace;
  attachments?: ArchiveFileInput[];
  receipts?: ArchiveFileInput[];
  record?: Uint8Array;
  actor: string;
  at: string;
}): Promise<ArchiveRequest> {
  const { document } = input;
  const dateText = document.signature.date;
  const date = dateText ? parseDocumentDate(dateText) : undefined;
  if (!date?.ok) {
    throw archiveErrors.metadataInvalid('成文日期缺失或无效 / the document date (成文日期) is missing or invalid');
  }
  let pages: number;
  try {
    pages = (await readPdfFacts(input.pdf)).pageCount;
  } catch (error) {
    throw archiveErrors.metadataInvalid(`PDF 无法打开 / the PDF does not open: ${(error as Error).message}`);
  }
  const files: ArchiveFileInput[] = [
    { name: 'document.pdf', role: 'document', mediaType: 'application/pdf', bytes: input.pdf },
    {
      name: 'document.json',
      role: 'document',
      mediaType: 'application/json',
      bytes: new TextEncoder().encode(JSON.stringify(document)),
    },
    ...(input.attachments ?? []),
    ...(input.receipts ?? []),
  ];
  if (input.record)
    files.push({ name: 'record.json', role: 'record', mediaType: 'application/json', bytes: input.record });
  return {
    metadata: {
      fonds: input.place.fonds,
      category: input.place.category ?? 'WS',
      year: date.date.year,
      retention: input.place.retention as never,
      unit: input.place.unit,
      pages,
      title: document.title,
      ...(document.docNumber ? { docNumber: document.docNumber } : {}),
      responsible: document.issuers.map((issuer) => issuer.name).join('；'),
      date: formatIsoDate(date.date),
      classification: document.classification?.level ?? 'none',
      kind: document.kind,
    },
    files,
    bodyText: blockText(document),
    actor: input.actor,
    at: input.at,
  };
}
