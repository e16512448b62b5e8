import { PDFArray, PDFName, PDFNumber, type PDFDict } from 'pdf-lib';
import { readElement } from '../asn1/der';

/** A signature dictionary's /ByteRange numbers (NaN for non-numbers). */
export function byteRangeOf(value: PDFDict): number[] {
  const array = value.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
  return array?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) ?? [];
}

/** Whether a /ByteRange is well formed: [0 b c d], the gap exactly the `<…>` of /Contents, inside the file. */
export function byteRangeValid(range: readonly number[], bytes: Buffer): boolean {
  if (range.length !== 4 || range.some((n) => !Number.isInteger(n) || n < 0)) return false;
  const [a, b, c, d] = range as [number, number, number, number];
  return a === 0 && b < c && c + d <= bytes.length && bytes[b] === 0x3c && bytes[c - 1] === 0x3e;
}

/** The CMS bytes in the gap of a valid ByteRange (hex decoded, padding dropped by the DER length). */
export function signatureCms(range: readonly number[], bytes: Buffer): Buffer {
  const [, b, c] = range as [number, number, number, number];
  return readElement(Buffer.from(bytes.subarray(b + 1, c - 1).toString('latin1'), 'hex'), 0).raw;
}
