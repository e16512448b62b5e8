import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFRawStream,
  PDFRef,
  type PDFDocument,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { decodeStream } from './stream-data';

const maxDepth = 24;

/** A canonical text of an object graph (refs followed, streams hashed decoded), for comparing revisions. */
function canonical(doc: PDFDocument, object: PDFObject | undefined, path: Set<PDFRef>, depth: number): string {
  if (object === undefined) return 'null';
  if (depth > maxDepth) return '…';
  if (object instanceof PDFRef) {
    if (path.has(object)) return 'cycle';
    path.add(object);
    const text = canonical(doc, doc.context.lookup(object), path, depth + 1);
    path.delete(object);
    return text;
  }
  if (object instanceof PDFDict) {
    const entries = [...object.entries()]
      .filter(([key]) => key !== PDFName.of('Parent') && key !== PDFName.of('P'))
      .map(([key, value]) => `${key.toString()} ${canonical(doc, value, path, depth + 1)}`)
      .sort();
    return `<<${entries.join(' ')}>>`;
  }
  if (object instanceof PDFArray)
    return `[${object
      .asArray()
      .map((v) => canonical(doc, v, path, depth + 1))
      .join(' ')}]`;
  if (object instanceof PDFRawStream) {
    let data: Uint8Array;
    try {
      data = decodeStream(object);
    } catch {
      data = object.contents;
    }
    return `${canonical(doc, object.dict, path, depth + 1)}stream:${createHash('sha256').update(data).digest('hex')}`;
  }
  return object.toString();
}

function isSignatureWidget(doc: PDFDocument, annotation: PDFObject): boolean {
  const dict = doc.context.lookup(annotation);
  if (!(dict instanceof PDFDict) || dict.get(PDFName.of('Subtype')) !== PDFName.of('Widget')) return false;
  let field: PDFDict | undefined = dict;
  for (let i = 0; field && i < 8; i++) {
    if (field.get(PDFName.of('FT')) === PDFName.of('Sig')) return true;
    const parent: PDFObject | undefined = field.get(PDFName.of('Parent'));
    const next: PDFObject | undefined = parent ? doc.context.lookup(parent) : undefined;
    field = next instanceof PDFDict ? next : undefined;
  }
  return false;
}

/**
 * What a page shows, as a hash: its boxes, content streams, resources and non-signature
 * annotations. Signature widgets are left out: adding a signature is an allowed change.
 */
export function pageFingerprint(doc: PDFDocument, page: PDFPage): string {
  const node = page.node;
  const annotations = node.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? [];
  const parts = [
    canonical(doc, node.MediaBox(), new Set(), 0),
    canonical(doc, node.get(PDFName.of('CropBox')), new Set(), 0),
    canonical(doc, node.get(PDFName.of('Rotate')), new Set(), 0),
    canonical(doc, node.Contents(), new Set(), 0),
    canonical(doc, node.Resources(), new Set(), 0),
    ...annotations.filter((a) => !isSignatureWidget(doc, a)).map((a) => canonical(doc, a, new Set(), 0)),
  ];
  return createHash('sha256').update(parts.join('\n')).digest('hex');
}

export function documentFingerprints(doc: PDFDocument): string[] {
  return doc.getPages().map((page) => pageFingerprint(doc, page));
}
