import { OID } from '../asn1/oids';
import { parseCms } from '../cms/parse';
import type { TrustOptions } from '../pki/chain';
import { byteRangeValid, signatureCms } from '../pdf/embedded-signature';
import { looksLikePdf } from '../pdf/load';
import { evaluateCms, unreadableCms, type CmsVerification } from './verify-cms';
import { finding, verdictOf } from './findings';
import { acceptedSubFilters, parsePdfDate } from './verify-pdf';

/** One signature found by scanning a PDF's bytes, with its CMS checked over its byte range. */
export interface ByteRangeSignature extends CmsVerification {
  byteRange: number[];
  subFilter: string;
  coversWholeDocument: boolean;
  /** The CMS carries an electronic seal record (then its stamp needs the full `verifyPdf`). */
  hasSealRecord: boolean;
}

const byteRangePattern = /^\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/;
const marker = Buffer.from('/ByteRange');

/** The text of the indirect object around a signature's /Contents gap (`obj` … `endobj`), bounded. */
function dictionaryAround(bytes: Buffer, gapStart: number, gapEnd: number): string {
  const start = Math.max(0, bytes.lastIndexOf('obj', gapStart), gapStart - 4096);
  const endobj = bytes.indexOf('endobj', gapEnd);
  const end = Math.min(endobj < 0 ? bytes.length : endobj, gapEnd + 4096);
  return bytes.subarray(start, gapStart).toString('latin1') + bytes.subarray(gapEnd, end).toString('latin1');
}

/**
 * Finds the signatures of a PDF by scanning its bytes for /ByteRange arrays whose gap is a
 * `<hex>` CMS string, and checks each CMS over its byte range (digest, signature value, chain,
 * revocation, validity) — without parsing the PDF's object structure. That is all it takes to
 * know whether the file's bytes are exactly what a signer signed. What needs the structure
 * (pages changed between signatures, a seal's visible stamp) is `verifyPdf`'s; a caller checks
 * `hasSealRecord` and the signature count to decide when it needs that. Ordered by where each
 * range ends; the last one covering the whole file has `coversWholeDocument`.
 */
export function verifyPdfByteRanges(input: Uint8Array, trust: TrustOptions): ByteRangeSignature[] {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!looksLikePdf(bytes)) return [];
  const seen = new Set<string>();
  const signatures: ByteRangeSignature[] = [];
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + marker.length)) {
    const match = byteRangePattern.exec(bytes.subarray(at + marker.length, at + marker.length + 80).toString('latin1'));
    if (!match) continue;
    const range = match.slice(1, 5).map(Number);
    const key = range.join(' ');
    if (seen.has(key) || !byteRangeValid(range, bytes)) continue;
    seen.add(key);
    const [a, b, c, d] = range as [number, number, number, number];
    const dictionary = dictionaryAround(bytes, b, c);
    const subFilter = /\/SubFilter\s*\/([A-Za-z0-9.#_-]+)/.exec(dictionary)?.[1] ?? '';
    const claimedTime = parsePdfDate(/\/M\s*\((D:[^)]{0,40})\)/.exec(dictionary)?.[1]);
    let result: CmsVerification;
    let hasSealRecord = false;
    try {
      const cms = parseCms(signatureCms(range, bytes));
      hasSealRecord = cms.attributes.has(OID.sealRecordAttribute);
      result = evaluateCms(cms, [bytes.subarray(a, a + b), bytes.subarray(c, c + d)], trust, claimedTime);
    } catch {
      result = unreadableCms();
    }
    const findings = [...result.findings];
    if (!(acceptedSubFilters as readonly string[]).includes(subFilter))
      findings.push(finding('SUBFILTER_UNSUPPORTED', subFilter));
    const coversWholeDocument = c + d === bytes.length;
    if (!coversWholeDocument) findings.push(finding('NOT_WHOLE_DOCUMENT'));
    signatures.push({
      ...result,
      findings,
      verdict: verdictOf(findings),
      byteRange: range,
      subFilter,
      coversWholeDocument,
      hasSealRecord,
    });
  }
  return signatures.sort((x, y) => x.byteRange[2]! + x.byteRange[3]! - (y.byteRange[2]! + y.byteRange[3]!));
}
