import { randomBytes } from 'node:crypto';
import { PDFArray, PDFHexString, PDFObject, PDFRef, PDFString } from 'pdf-lib';
import type { LoadedPdf } from './load';

/** An object of the update: a pdf-lib object or raw bytes we lay out ourselves (the signature dictionary). */
export type UpdateObject = { ref: PDFRef; object: PDFObject } | { ref: PDFRef; raw: Buffer };

export interface IncrementalUpdate {
  /** The whole new file: the original bytes untouched, then the appended revision. */
  bytes: Buffer;
  /** Offset of each written object's first byte (`N 0 obj`) in `bytes`, by object number. */
  offsets: Map<number, number>;
}

function serialize(object: PDFObject): Buffer {
  const buffer = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(buffer, 0);
  return Buffer.from(buffer);
}

const entryWidths = [1, 4, 2] as const;

function xrefStreamEntry(offset: number): Buffer {
  const entry = Buffer.alloc(entryWidths[0] + entryWidths[1] + entryWidths[2]);
  entry.writeUInt8(1, 0);
  entry.writeUInt32BE(offset, 1);
  entry.writeUInt16BE(0, 5);
  return entry;
}

/** Consecutive runs of object numbers, for /Index or xref subsections. */
function runs(numbers: number[]): Array<[number, number]> {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

function trailerEntries(pdf: LoadedPdf, size: number): string {
  const info = pdf.doc.context.trailerInfo;
  const ids = info.ID instanceof PDFArray ? info.ID : undefined;
  const first = ids?.get(0);
  const firstId =
    first instanceof PDFHexString || first instanceof PDFString
      ? first.toString()
      : `<${randomBytes(16).toString('hex')}>`;
  const parts = [
    `/Size ${size}`,
    `/Root ${String(info.Root)}`,
    info.Info ? `/Info ${String(info.Info)}` : '',
    `/ID [${firstId} <${randomBytes(16).toString('hex')}>]`,
    `/Prev ${pdf.previousXref}`,
  ];
  return parts.filter(Boolean).join(' ');
}

/**
 * Appends objects to a PDF as an incremental update (ISO 32000-1 §7.5.6): the earlier bytes stay
 * exactly as they were, so earlier signatures remain valid. The new cross-reference section is a
 * table after a table and a stream after a stream, with /Prev pointing to the previous one.
 */
export function appendIncrementalUpdate(pdf: LoadedPdf, objects: readonly UpdateObject[]): IncrementalUpdate {
  const chunks: Buffer[] = [pdf.bytes];
  let position = pdf.bytes.length;
  const push = (chunk: Buffer): void => {
    chunks.push(chunk);
    position += chunk.length;
  };
  const last = pdf.bytes[pdf.bytes.length - 1];
  if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));
  const offsets = new Map<number, number>();
  let size = pdf.size;
  for (const item of objects) {
    offsets.set(item.ref.objectNumber, position);
    const body = 'raw' in item ? item.raw : serialize(item.object);
    push(
      Buffer.concat([
        Buffer.from(`${item.ref.objectNumber} ${item.ref.generationNumber} obj\n`),
        body,
        Buffer.from('\nendobj\n'),
      ]),
    );
    size = Math.max(size, item.ref.objectNumber + 1);
  }
  const xrefOffset = position;
  if (pdf.previousXrefIsStream) {
    const streamNumber = size;
    size += 1;
    offsets.set(streamNumber, xrefOffset);
    const numbers = [...offsets.keys()];
    const index = runs(numbers);
    const data = Buffer.concat(
      index.flatMap(([start, count]) =>
        Array.from({ length: count }, (_, i) => xrefStreamEntry(offsets.get(start + i)!)),
      ),
    );
    const dict = `<< /Type /XRef ${trailerEntries(pdf, size)} /W [${entryWidths.join(' ')}] /Index [${index.map(([s, c]) => `${s} ${c}`).join(' ')}] /Length ${data.length} >>`;
    push(
      Buffer.concat([
        Buffer.from(`${streamNumber} 0 obj\n${dict}\nstream\n`),
        data,
        Buffer.from('\nendstream\nendobj\n'),
      ]),
    );
  } else {
    const lines = ['xref'];
    for (const [start, count] of runs([...offsets.keys()])) {
      lines.push(`${start} ${count}`);
      for (let i = 0; i < count; i++) lines.push(`${String(offsets.get(start + i)).padStart(10, '0')} 00000 n\r`);
    }
    lines.push('trailer', `<< ${trailerEntries(pdf, size)} >>`);
    push(Buffer.from(`${lines.join('\n')}\n`));
  }
  push(Buffer.from(`startxref\n${xrefOffset}\n%%EOF\n`));
  return { bytes: Buffer.concat(chunks), offsets };
}
