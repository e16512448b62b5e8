import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestPki, createTestPki, makePdf, officialSealRecord, type TestPki } from '../test-support/fixtures';
import { sealPdf, signOffPdf } from '../pdf/roles';
import { signPdf } from '../pdf/sign-pdf';
import { issueCrl, parseCrl } from '../pki/crl';
import { verifyPdf } from './verify-pdf';
import { verifyPdfByteRanges } from './verify-pdf-bytes';

let pki: TestPki;
let plain: Buffer;
let official: Buffer;
afterAll(() => removeTestPki(pki));

beforeAll(async () => {
  pki = await createTestPki();
  plain = await signPdf(await makePdf(1), { keyStore: pki.seal, placement: { kind: 'invisible' } });
  const record = await officialSealRecord(pki, 'seal-0002');
  const signedOff = await signOffPdf(await makePdf(1), { keyStore: pki.leader, opinion: '同意印发。' });
  official = await sealPdf(signedOff, {
    keyStore: pki.seal,
    record,
    placement: { kind: 'rect', page: 0, x: 380, y: 120, width: 119, height: 119 },
  });
});

const trust = () => ({ trustedRoots: [pki.root.certificate] });

/** The scan of the bytes agrees with the full verifier on what it checks. */
describe('verifyPdfByteRanges', () => {
  it('finds each signature with the same CMS checks as verifyPdf, in order, and flags seal records', async () => {
    for (const pdf of [plain, official]) {
      const full = (await verifyPdf(pdf, trust())).signatures;
      const scanned = verifyPdfByteRanges(pdf, trust());
      expect(scanned.map((s) => [s.byteRange, s.subFilter, s.coversWholeDocument, s.checks, s.signer])).toEqual(
        full.map((s) => [s.byteRange, s.subFilter, s.coversWholeDocument, s.checks, s.signer]),
      );
      expect(scanned.at(-1)?.verdict).toBe('valid');
    }
    expect(verifyPdfByteRanges(plain, trust()).map((s) => s.hasSealRecord)).toEqual([false]);
    expect(verifyPdfByteRanges(official, trust()).map((s) => s.hasSealRecord)).toEqual([false, true]);
  });

  it('sees a changed byte, bytes appended after signing, an untrusted root, a revoked seal and no signature', async () => {
    const tampered = Buffer.from(plain);
    tampered[11] = tampered[11]! ^ 0x01;
    expect(verifyPdfByteRanges(tampered, trust())[0]).toMatchObject({
      verdict: 'invalid',
      checks: { digest: false },
    });

    const appended = Buffer.concat([plain, Buffer.from('\n% appended\n')]);
    expect(verifyPdfByteRanges(appended, trust())[0]).toMatchObject({ coversWholeDocument: false });

    const other = await createTestPki();
    try {
      expect(verifyPdfByteRanges(plain, { trustedRoots: [other.root.certificate] })[0]?.checks.chain).toBe('untrusted');
    } finally {
      removeTestPki(other);
    }

    const crl = parseCrl(
      await issueCrl(pki.ca, {
        crlNumber: 7n,
        revoked: [
          { serial: pki.seal.certificate.serial, revokedAt: new Date(Date.now() - 3_600_000), reason: 'keyCompromise' },
        ],
      }),
    );
    expect(verifyPdfByteRanges(plain, { ...trust(), crls: [crl] })[0]?.checks.revocation).toBe('revoked');

    expect(verifyPdfByteRanges(await makePdf(1), trust())).toEqual([]);
    expect(verifyPdfByteRanges(Buffer.from('not a pdf'), trust())).toEqual([]);
  });
});
