/**
 * Finds the signatures of a PDF: each /ByteRange [a b c d] with the /Contents hex string that
 * fills the gap between the two ranges (ISO 32000-1 §12.8.1). Returns the signed bytes and the
 * CMS for @oa/signature to verify. A range that does not fit the file is reported, not thrown.
 */
export type FoundSignature =
  { signedBytes: Uint8Array; cms: Uint8Array; coversWholeDocument: boolean } | { problem: string };

const byteRangePattern = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

export function extractPdfSignatures(pdf: Uint8Array): FoundSignature[] {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString('latin1');
  const found: FoundSignature[] = [];
  for (const match of text.matchAll(byteRangePattern)) {
    const [a, b, c, d] = match.slice(1, 5).map(Number) as [number, number, number, number];
    if (a !== 0 || b <= 0 || c <= b || c + d > bytes.length) {
      found.push({ problem: `BYTE_RANGE_INVALID: [${a} ${b} ${c} ${d}] does not fit a file of ${bytes.length} bytes` });
      continue;
    }
    const gap = text.slice(b, c);
    const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(gap.trim());
    if (!hex) {
      found.push({ problem: 'BYTE_RANGE_INVALID: the gap between the ranges is not the /Contents hex string' });
      continue;
    }
    const cms = Buffer.from(hex[1]!.replace(/\s+/g, ''), 'hex');
    // The placeholder is zero-padded after the DER; the DER's own length says where it ends.
    found.push({
      signedBytes: Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]),
      cms: trimDer(cms),
      coversWholeDocument: c + d === bytes.length,
    });
  }
  return found;
}

/** The DER element at the start of `padded`, without trailing padding. */
function trimDer(padded: Buffer): Buffer {
  if (padded.length < 2) return padded;
  const first = padded[1]!;
  if (first < 0x80) return padded.subarray(0, 2 + first);
  const count = first & 0x7f;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + padded[2 + i]!;
  return padded.subarray(0, Math.min(padded.length, 2 + count + length));
}
