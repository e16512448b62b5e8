import { deflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFContext, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { decodeStream } from './stream-data';

const context = PDFContext.create();
const stream = (contents: Uint8Array, filter: string | string[] | undefined) =>
  PDFRawStream.of(context.obj(filter === undefined ? {} : { Filter: filter }), contents);
const pdfLib = (s: PDFRawStream) => Buffer.from(decodePDFRawStream(s).decode());

describe('decodeStream', () => {
  const text = Buffer.from('BT /F1 16 Tf 79 700 Td <0012003400560078> Tj ET\n'.repeat(200));

  it('gives the bytes pdf-lib gives, for FlateDecode alone or in an array, and for other filters', () => {
    const flate = deflateSync(text);
    for (const s of [stream(flate, 'FlateDecode'), stream(flate, ['FlateDecode']), stream(text, undefined)]) {
      expect(Buffer.from(decodeStream(s))).toEqual(text);
      expect(Buffer.from(decodeStream(s))).toEqual(pdfLib(s));
    }
    const hex = stream(Buffer.from(text.toString('hex') + '>'), 'ASCIIHexDecode');
    expect(Buffer.from(decodeStream(hex))).toEqual(text);
  });

  it('decodes what pdf-lib can of damaged data (a truncated stream zlib refuses)', () => {
    const truncated = stream(deflateSync(text).subarray(0, 200), 'FlateDecode');
    expect(Buffer.from(decodeStream(truncated))).toEqual(pdfLib(truncated));
  });
});
