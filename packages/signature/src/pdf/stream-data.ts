import { inflateSync } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFName, type PDFRawStream } from 'pdf-lib';

const flateDecode = PDFName.of('FlateDecode');

/** Whether a stream is compressed with FlateDecode alone, without predictor parameters. */
function plainFlate(stream: PDFRawStream): boolean {
  const filter = stream.dict.get(PDFName.of('Filter'));
  const flate =
    filter === flateDecode || (filter instanceof PDFArray && filter.size() === 1 && filter.get(0) === flateDecode);
  return flate && stream.dict.get(PDFName.of('DecodeParms')) === undefined;
}

/**
 * A stream's decoded bytes, as pdf-lib's decodePDFRawStream gives them. Plain FlateDecode (nearly
 * every stream) goes through zlib, many times faster than pdf-lib's JavaScript inflater; data
 * zlib refuses (damaged, bad checksum) and every other filter go to pdf-lib's lenient decoders.
 */
export function decodeStream(stream: PDFRawStream): Uint8Array {
  if (plainFlate(stream)) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // pdf-lib decodes what it can of damaged data
    }
  }
  return decodePDFRawStream(stream).decode();
}
