import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { SealPosition } from '@oa/shared';
import { signDigest, type SignedAttribute } from '../cms/sign';
import { signatureError } from '../errors';
import type { KeyStore } from '../pki/keystore';
import { appendIncrementalUpdate, type UpdateObject } from './incremental';
import { loadPdf, type LoadedPdf } from './load';
import { signatureFields, widgetPageIndex, rectOf, textOf, type SignatureField } from './form';

/** Where a signature's widget goes. */
export type SignaturePlacement =
  | { kind: 'invisible' }
  /** An empty signature field already in the PDF (the typesetter leaves one at each seal position). */
  | { kind: 'field'; name?: string }
  /** The typesetter's SealPosition: a square of `diameter` centred on the point. */
  | { kind: 'seal-position'; position: SealPosition }
  /** Explicit coordinates in PDF points, bottom-left origin. */
  | { kind: 'rect'; page: number; x: number; y: number; width: number; height: number };

/** Builds a visible appearance of the given size into the document; returns the form XObject. */
export type AppearanceBuilder = (doc: PDFDocument, width: number, height: number) => PDFRef;

export interface PdfSignRequest {
  keyStore: KeyStore;
  placement: SignaturePlacement;
  /** Needed for visible placements. */
  appearance?: AppearanceBuilder;
  /** Extra CMS signed attributes (seal record, opinion, role). */
  attributes?: readonly SignedAttribute[];
  /** /Reason: why (e.g. the sign-off opinion, or 加盖公章). */
  reason?: string;
  location?: string;
  /** Field name for a new field; default Signature<N>. */
  fieldName?: string;
  signingTime?: Date;
}

/** Fixed width of each ByteRange number, so the placeholder can be filled in place. */
const byteRangeWidth = 10;
/** Room for CMS structure around certificates, attributes and the signature value. */
const cmsOverhead = 4096;

/** PDF date string, e.g. D:20261123091500Z. */
export function pdfDate(date: Date): string {
  return `D:${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

interface Target {
  /** Objects rewritten in the update (besides new ones). */
  dirty: Set<PDFRef>;
  widget: PDFDict;
  field: PDFDict;
  rect: [number, number, number, number];
}

function pageIndexChecked(doc: PDFDocument, page: number): number {
  if (!Number.isInteger(page) || page < 0 || page >= doc.getPageCount()) {
    throw signatureError(
      'PDF_PAGE_OUT_OF_RANGE',
      `页码超出范围：第 ${page + 1} 页，文件共 ${doc.getPageCount()} 页。`,
      `Page ${page + 1} is out of range: the PDF has ${doc.getPageCount()} pages.`,
    );
  }
  return page;
}

function acroFormFor(doc: PDFDocument, dirty: Set<PDFRef>): PDFDict {
  const context = doc.context;
  const rootRef = context.trailerInfo.Root as PDFRef;
  const entry = doc.catalog.get(PDFName.of('AcroForm'));
  let acroForm: PDFDict;
  if (entry instanceof PDFRef) {
    acroForm = context.lookup(entry, PDFDict);
    dirty.add(entry);
  } else if (entry instanceof PDFDict) {
    acroForm = entry;
    dirty.add(rootRef);
  } else {
    acroForm = context.obj({ Fields: [] });
    doc.catalog.set(PDFName.of('AcroForm'), context.register(acroForm));
    dirty.add(rootRef);
  }
  acroForm.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  return acroForm;
}

function fieldsArray(doc: PDFDocument, acroForm: PDFDict, dirty: Set<PDFRef>): PDFArray {
  const entry = acroForm.get(PDFName.of('Fields'));
  if (entry instanceof PDFRef) {
    dirty.add(entry);
    return doc.context.lookup(entry, PDFArray);
  }
  if (entry instanceof PDFArray) return entry;
  const fields = doc.context.obj([]);
  acroForm.set(PDFName.of('Fields'), fields);
  return fields;
}

function addToPageAnnots(doc: PDFDocument, pageIndex: number, widgetRef: PDFRef, dirty: Set<PDFRef>): void {
  const page = doc.getPage(pageIndex);
  const entry = page.node.get(PDFName.of('Annots'));
  if (entry instanceof PDFRef) {
    doc.context.lookup(entry, PDFArray).push(widgetRef);
    dirty.add(entry);
    return;
  }
  if (entry instanceof PDFArray) entry.push(widgetRef);
  else page.node.set(PDFName.of('Annots'), doc.context.obj([widgetRef]));
  dirty.add(page.ref);
}

function uniqueFieldName(existing: readonly SignatureField[], wanted: string | undefined): string {
  const names = new Set(existing.map((f) => f.name));
  if (wanted && !names.has(wanted)) return wanted;
  for (let n = existing.length + 1; ; n++) {
    const candidate = `${wanted ?? 'Signature'}${n}`;
    if (!names.has(candidate)) return candidate;
  }
}

function newFieldTarget(doc: PDFDocument, request: PdfSignRequest, existing: readonly SignatureField[]): Target {
  const dirty = new Set<PDFRef>();
  const placement = request.placement;
  let pageIndex = 0;
  let rect: [number, number, number, number] = [0, 0, 0, 0];
  if (placement.kind === 'seal-position') {
    const { page, centerX, centerY, diameter } = placement.position;
    pageIndex = pageIndexChecked(doc, page);
    const r = diameter / 2;
    rect = [centerX - r, centerY - r, centerX + r, centerY + r];
  } else if (placement.kind === 'rect') {
    pageIndex = pageIndexChecked(doc, placement.page);
    rect = [placement.x, placement.y, placement.x + placement.width, placement.y + placement.height];
  }
  const visible = placement.kind !== 'invisible';
  const widget = doc.context.obj({
    Type: 'Annot',
    Subtype: 'Widget',
    FT: 'Sig',
    T: PDFHexString.fromText(uniqueFieldName(existing, request.fieldName)),
    // Print (4) + Locked (128); an invisible signature is also Hidden (2).
    F: visible ? 132 : 134,
    Rect: rect,
    P: doc.getPage(pageIndex).ref,
  });
  const widgetRef = doc.context.register(widget);
  const acroForm = acroFormFor(doc, dirty);
  fieldsArray(doc, acroForm, dirty).push(widgetRef);
  addToPageAnnots(doc, pageIndex, widgetRef, dirty);
  return { dirty, widget, field: widget, rect };
}

function existingFieldTarget(doc: PDFDocument, name: string | undefined, existing: readonly SignatureField[]): Target {
  const empty = existing.filter((f) => !f.value);
  const field = name === undefined ? empty[0] : empty.find((f) => f.name === name);
  if (!field) {
    const signed = name !== undefined && existing.some((f) => f.name === name);
    throw signed
      ? signatureError(
          'PDF_ALREADY_SIGNED',
          `签名域“${name}”已经签过名。`,
          `The signature field "${name}" is already signed.`,
        )
      : signatureError(
          'PDF_FIELD_NOT_FOUND',
          name === undefined ? 'PDF 中没有空的签名域。' : `PDF 中没有名为“${name}”的空签名域。`,
          name === undefined
            ? 'The PDF has no empty signature field.'
            : `The PDF has no empty signature field named "${name}".`,
        );
  }
  const dirty = new Set<PDFRef>();
  acroFormFor(doc, dirty);
  if (field.fieldRef) dirty.add(field.fieldRef);
  if (field.widgetRef) dirty.add(field.widgetRef);
  const rect = rectOf(field.widget) ?? [0, 0, 0, 0];
  if (field.widget.get(PDFName.of('P')) === undefined) {
    const page = widgetPageIndex(doc, field.widget, field.widgetRef);
    if (page !== undefined) field.widget.set(PDFName.of('P'), doc.getPage(page).ref);
  }
  return { dirty, widget: field.widget, field: field.field, rect };
}

function signatureDictionary(
  request: PdfSignRequest,
  placeholderBytes: number,
  signingTime: Date,
): { text: string; byteRangeAt: number; contentsAt: number } {
  const zeros = '0'.repeat(byteRangeWidth);
  const head = `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange `;
  const byteRange = `[0 ${zeros} ${zeros} ${zeros}]`;
  const middle = ` /Contents `;
  const contents = `<${'0'.repeat(placeholderBytes * 2)}>`;
  const optional = [
    `/M (${pdfDate(signingTime)})`,
    `/Name ${PDFHexString.fromText(request.keyStore.certificate.subject.commonName).toString()}`,
    request.reason ? `/Reason ${PDFHexString.fromText(request.reason).toString()}` : '',
    request.location ? `/Location ${PDFHexString.fromText(request.location).toString()}` : '',
  ].filter(Boolean);
  const text = `${head}${byteRange}${middle}${contents} ${optional.join(' ')} >>`;
  return { text, byteRangeAt: head.length, contentsAt: head.length + byteRange.length + middle.length };
}

function placeholderSize(request: PdfSignRequest): number {
  const { keyStore } = request;
  const certificates = [keyStore.certificate, ...keyStore.chain].reduce((sum, c) => sum + c.der.length, 0);
  const attributes = (request.attributes ?? []).reduce((sum, a) => sum + a.value.length + 64, 0);
  return certificates + attributes + keyStore.signer.maxSignatureLength + cmsOverhead;
}

/**
 * The signing primitive (policy checks such as certificate validity live in signOffPdf / sealPdf).
 * Signs a PDF: a PAdES B-B signature (ETSI.CAdES.detached, SHA-256, full chain) appended as an
 * incremental update, so earlier signatures stay valid. Works on any unencrypted PDF.
 */
export async function signPdf(input: Uint8Array, request: PdfSignRequest): Promise<Buffer> {
  const pdf = await loadPdf(input);
  return signLoadedPdf(pdf, request);
}

export async function signLoadedPdf(pdf: LoadedPdf, request: PdfSignRequest): Promise<Buffer> {
  const { doc } = pdf;

  const existing = signatureFields(doc);
  const placement = request.placement;
  const target =
    placement.kind === 'field'
      ? existingFieldTarget(doc, placement.name, existing)
      : newFieldTarget(doc, request, existing);
  const signatureRef = doc.context.nextRef();
  target.field.set(PDFName.of('V'), signatureRef);
  const width = target.rect[2] - target.rect[0];
  const height = target.rect[3] - target.rect[1];
  if (request.appearance && !(width > 0 && height > 0)) {
    throw signatureError(
      'PDF_UNSUPPORTED',
      `签名域“${textOf(target.field.get(PDFName.of('T'))) ?? ''}”没有可见区域，无法显示印章。`,
      `The signature field "${textOf(target.field.get(PDFName.of('T'))) ?? ''}" has no visible area for the seal.`,
    );
  }
  if (placement.kind !== 'invisible' && width > 0 && height > 0) {
    if (!request.appearance) throw new TypeError('a visible signature needs an appearance');
    target.widget.set(PDFName.of('AP'), doc.context.obj({ N: request.appearance(doc, width, height) }));
  } else if (!target.widget.get(PDFName.of('AP'))) {
    // An empty appearance keeps strict validators (PDF/A, Acrobat) quiet about invisible signatures.
    const empty = doc.context.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 0, 0] });
    target.widget.set(PDFName.of('AP'), doc.context.obj({ N: doc.context.register(empty) }));
  }

  const signingTime = request.signingTime ?? new Date();
  const placeholderBytes = placeholderSize(request);
  const dictionary = signatureDictionary(request, placeholderBytes, signingTime);
  const objects: UpdateObject[] = [];
  for (const ref of target.dirty) objects.push({ ref, object: doc.context.lookup(ref) as PDFObject });
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (ref.objectNumber >= pdf.size && ref !== signatureRef && !target.dirty.has(ref)) objects.push({ ref, object });
  }
  objects.push({ ref: signatureRef, raw: Buffer.from(dictionary.text, 'latin1') });
  const update = appendIncrementalUpdate(pdf, objects);
  const bytes = update.bytes;

  const dictStart = update.offsets.get(signatureRef.objectNumber)! + `${signatureRef.objectNumber} 0 obj\n`.length;
  const contentsStart = dictStart + dictionary.contentsAt;
  const contentsEnd = contentsStart + placeholderBytes * 2 + 2;
  const byteRange = [0, contentsStart, contentsEnd, bytes.length - contentsEnd];
  const byteRangeText = `[${byteRange.join(' ')}]`;
  const placeholderLength = 3 * (byteRangeWidth + 1) + 3;
  bytes.write(byteRangeText.padEnd(placeholderLength, ' '), dictStart + dictionary.byteRangeAt, 'latin1');

  const digest = createHash('sha256')
    .update(bytes.subarray(0, contentsStart))
    .update(bytes.subarray(contentsEnd))
    .digest();
  const cms = await signDigest(digest, {
    signer: request.keyStore.signer,
    certificate: request.keyStore.certificate,
    chain: request.keyStore.chain,
    profile: 'pades',
    signingTime,
    attributes: request.attributes ?? [],
  });
  if (cms.length > placeholderBytes) {
    throw signatureError(
      'SIGNATURE_TOO_LARGE',
      '签名数据超出预留空间。',
      `The signature (${cms.length} bytes) does not fit its placeholder (${placeholderBytes} bytes).`,
    );
  }
  bytes.write(cms.toString('hex'), contentsStart + 1, 'latin1');
  return bytes;
}
