import { PDFArray, PDFName, PDFNumber, type PDFDict } from 'pdf-lib';
import { readElement } from '../asn1/der';

/** A signature dictionary's /ByteRange numbers (NaN for non-numbers). */
export function byteRangeOf(value: PDFDict): number[] {
  const array = value.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
  return array?.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN)) ?? [];
}

/** Whether a /ByteRange is well formed: [0 b c d] inside the file, the gap exactly one `<hex>` string. */
export function byteRangeValid(range: readonly number[], bytes: Buffer): boolean {
  if (range.length !== 4 || range.some((n) => !Number.isInteger(n) || n < 0)) return false;
  const [a, b, c, d] = range as [number, number, number, number];
  if (!(a === 0 && b < c && c + d <= bytes.length && bytes[b] === 0x3c && bytes[c - 1] === 0x3e)) return false;
  // The unsigned gap must be nothing but the hex string: no room to hide other objects in it.
  for (let i = b + 1; i < c - 1; i++) {
    if (!isHexDigit(bytes[i]!)) return false;
  }
  return true;
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** The CMS bytes in the gap of a valid ByteRange (hex decoded, padding dropped by the DER length). */
export function signatureCms(range: readonly number[], bytes: Buffer): Buffer {
  const [, b, c] = range as [number, number, number, number];
  return readElement(Buffer.from(bytes.subarray(b + 1, c - 1).toString('latin1'), 'hex'), 0).raw;
}
