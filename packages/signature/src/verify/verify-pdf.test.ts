import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFName, PDFRef } from 'pdf-lib';
import { isOaError } from '@oa/shared';
import {
  removeTestPki,
  createTestPki,
  makePdf,
  officialSealRecord,
  pdfsig,
  testAgency,
  type TestPki,
} from '../test-support/fixtures';
import { sealPdf, signOffPdf, roleAttribute } from '../pdf/roles';
import { signPdf } from '../pdf/sign-pdf';
import { loadPdf } from '../pdf/load';
import { appendIncrementalUpdate } from '../pdf/incremental';
import { generateRoundSeal } from '../seal/generate';
import { sealAppearance } from '../seal/picture';
import type { SealRecord } from '../seal/record';
import { issueCrl, parseCrl } from '../pki/crl';
import { createRootCa } from '../pki/ca';
import { OID } from '../asn1/oids';
import { verifyPdf } from './verify-pdf';

let pki: TestPki;
afterAll(() => removeTestPki(pki));
let record: SealRecord;
let signedOff: Buffer;
let sealed: Buffer;
const position = {
  issuerCode: testAgency.code,
  issuerName: testAgency.name,
  page: 0,
  centerX: 420,
  centerY: 200,
  diameter: 119,
};

beforeAll(async () => {
  pki = await createTestPki();
  record = await officialSealRecord(pki, 'seal-0001');
  signedOff = await signOffPdf(await makePdf(2), { keyStore: pki.leader, opinion: '同意印发。' });
  sealed = await sealPdf(signedOff, { keyStore: pki.seal, record, placement: { kind: 'seal-position', position } });
});

const trust = (): { trustedRoots: (typeof pki.root.certificate)[] } => ({ trustedRoots: [pki.root.certificate] });
const codes = (report: { findings: Array<{ code: string }> }): string[] => report.findings.map((f) => f.code);

describe('verifyPdf', () => {
  it('reports a sign-off and a registered seal as valid, as pdfsig does', async () => {
    const report = await verifyPdf(sealed, trust());
    expect(report.verdict).toBe('valid');
    const [signOff, seal] = report.signatures;
    expect(signOff).toMatchObject({
      role: 'sign-off',
      opinion: '同意印发。',
      coversWholeDocument: false,
      pagesChangedAfterSigning: [],
      visible: false,
    });
    expect(signOff!.signer?.commonName).toBe('张伟');
    expect(seal).toMatchObject({ role: 'seal', coversWholeDocument: true, visible: true, page: 0 });
    expect(seal!.seal).toMatchObject({
      agencyCode: testAgency.code,
      recordTrusted: true,
      certificateMatches: true,
      stampMatches: true,
    });
    expect(pdfsig(pki, sealed).signatures.every((s) => s.valid && s.trusted)).toBe(true);
  });

  it('finds a changed byte: digest mismatch, like pdfsig', async () => {
    const tampered = Buffer.from(signedOff);
    tampered[11] = tampered[11]! ^ 0x01; // a byte of the binary comment after %PDF-1.7: structure intact, digest not
    const report = await verifyPdf(tampered, trust());
    expect(report.verdict).toBe('invalid');
    expect(codes(report.signatures[0]!)).toContain('DIGEST_MISMATCH');
    expect(pdfsig(pki, tampered).signatures[0]!.valid).toBe(false);
  });

  it('flags an incremental update that changes page content after signing (pdfsig only says not total)', async () => {
    const pdf = await loadPdf(signedOff);
    const page = pdf.doc.getPage(1);
    const content = pdf.doc.context.register(pdf.doc.context.flateStream('BT /F1 30 Tf 72 400 Td (FORGED) Tj ET'));
    page.node.set(PDFName.of('Contents'), content);
    const changed = appendIncrementalUpdate(pdf, [
      { ref: page.ref, object: page.node },
      { ref: content as PDFRef, object: pdf.doc.context.lookup(content)! },
    ]).bytes;
    const report = await verifyPdf(changed, trust());
    expect(report.signatures[0]!.pagesChangedAfterSigning).toEqual([2]);
    expect(codes(report.signatures[0]!)).toContain('CONTENT_CHANGED_AFTER_SIGNING');
    expect(report.verdict).toBe('invalid');
    const external = pdfsig(pki, changed).signatures[0]!;
    expect(external.valid).toBe(true);
    expect(external.total).toBe(false);
  });

  it('is indeterminate for a root it does not trust, as pdfsig says untrusted', async () => {
    const stranger = await createRootCa({ subject: { commonName: '其他根证书' }, passphrase: 'stranger-passphrase' });
    const report = await verifyPdf(sealed, { trustedRoots: [stranger.certificate] });
    expect(report.verdict).toBe('indeterminate');
    expect(codes(report.signatures[0]!)).toContain('CHAIN_UNTRUSTED');
    const strangerPem = path.join(pki.dir, 'stranger.pem');
    writeFileSync(strangerPem, stranger.certificate.toPem());
    const external = pdfsig({ ...pki, dir: path.join(pki.dir, 'stranger'), rootPemFile: strangerPem }, sealed)
      .signatures[0]!;
    expect(external).toMatchObject({ valid: true, trusted: false });
    expect(external.text).toContain("Certificate issuer isn't Trusted.");
  });

  it('is invalid when the signer certificate was revoked before signing', async () => {
    const crl = parseCrl(
      await issueCrl(pki.ca, {
        revoked: [
          {
            serial: pki.leader.certificate.serial,
            revokedAt: new Date(Date.now() - 3_600_000),
            reason: 'keyCompromise',
          },
        ],
        crlNumber: 1n,
      }),
    );
    const report = await verifyPdf(sealed, { ...trust(), crls: [crl] });
    expect(codes(report.signatures[0]!)).toContain('CERT_REVOKED');
    expect(report.signatures[0]!.verdict).toBe('invalid');
    expect(report.signatures[1]!.checks.revocation).toBe('good');
  });

  it('detects a visible stamp that is not the registered seal image', async () => {
    const forged = await signPdf(signedOff, {
      keyStore: pki.seal,
      placement: { kind: 'seal-position', position },
      appearance: sealAppearance(generateRoundSeal({ agencyName: '某某公司' })),
      attributes: [roleAttribute('seal'), { type: OID.sealRecordAttribute, value: record.der }],
    });
    const report = await verifyPdf(forged, trust());
    expect(codes(report.signatures[1]!)).toContain('SEAL_IMAGE_MISMATCH');
    expect(report.signatures[1]!.verdict).toBe('invalid');
    expect(pdfsig(pki, forged).signatures[1]!.valid).toBe(true);
  });

  it("refuses to stamp a seal at another agency's position", async () => {
    const other = { ...position, issuerCode: '11110000000013240H', issuerName: '××市财政局' };
    const error = await sealPdf(signedOff, {
      keyStore: pki.seal,
      record,
      placement: { kind: 'seal-position', position: other },
    }).catch((e: unknown) => e);
    expect(isOaError(error) && error.code).toBe('SEAL_POSITION_MISMATCH');
  });

  it('refuses a seal with a key it is not bound to, and a non-PDF', async () => {
    const wrongKey = await sealPdf(signedOff, {
      keyStore: pki.leader,
      record,
      placement: { kind: 'seal-position', position },
    }).catch((e: unknown) => e);
    expect(isOaError(wrongKey) && wrongKey.code).toBe('SEAL_CERT_MISMATCH');
    const notPdf = await verifyPdf(Buffer.from('hello'), trust()).catch((e: unknown) => e);
    expect(isOaError(notPdf) && notPdf.code).toBe('PDF_NOT_A_PDF');
    const unsigned = await verifyPdf(await makePdf(), trust());
    expect(unsigned.verdict).toBe('indeterminate');
    expect(codes(unsigned)).toEqual(['NO_SIGNATURES']);
  });
});

describe('verifyPdf on damaged signatures', () => {
  it('reports a ByteRange that does not frame /Contents, and unparseable CMS, as invalid', async () => {
    const text = signedOff.toString('latin1');
    const match = /\/ByteRange \[0 (\d+) (\d+) (\d+)\s*\]/.exec(text)!;
    const shifted = Buffer.from(signedOff);
    const wrong = `[0 ${Number(match[1]) - 10} ${match[2]} ${match[3]}]`;
    shifted.write(
      wrong.padEnd(match[0].length - '/ByteRange '.length, ' '),
      match.index + '/ByteRange '.length,
      'latin1',
    );
    expect(codes((await verifyPdf(shifted, trust())).signatures[0]!)).toContain('BYTE_RANGE_INVALID');

    const smuggled = Buffer.from(signedOff);
    smuggled.write(') /Extra (x', Number(match[2]) - 30, 'latin1'); // inside the zero padding of /Contents
    expect(codes((await verifyPdf(smuggled, trust())).signatures[0]!)).toContain('BYTE_RANGE_INVALID');

    const zeroed = Buffer.from(signedOff);
    const start = Number(match[1]) + 1;
    zeroed.fill('0', start, start + 40);
    const report = await verifyPdf(zeroed, trust());
    expect(report.signatures[0]!.verdict).toBe('invalid');
    expect(codes(report.signatures[0]!)).toContain('CMS_INVALID');
  });
});

describe('verifyPdf and time', () => {
  it('is indeterminate when the claimed signing time is outside the certificate validity', async () => {
    const signingTime = new Date(Date.now() - 2 * 86_400_000);
    const refused = await signOffPdf(await makePdf(), { keyStore: pki.leader, opinion: '同意。', signingTime }).catch(
      (e: unknown) => e,
    );
    expect(isOaError(refused) && refused.code).toBe('CERT_EXPIRED');
    // The primitive signs anyway (as a forger's tool would); the verifier must notice.
    const early = await signPdf(await makePdf(), {
      keyStore: pki.leader,
      placement: { kind: 'invisible' },
      signingTime,
    });
    const report = await verifyPdf(early, trust());
    expect(report.signatures[0]!.verdict).toBe('indeterminate');
    expect(codes(report.signatures[0]!)).toContain('CERT_NOT_VALID_AT_SIGNING_TIME');
  });

  it('refuses to stamp a seal outside its registered validity', async () => {
    const error = await sealPdf(await makePdf(), {
      keyStore: pki.seal,
      record,
      placement: { kind: 'seal-position', position },
      signingTime: new Date(Date.now() + 2 * 86_400_000),
    }).catch((e: unknown) => e);
    expect(isOaError(error) && error.code).toBe('SEAL_NOT_VALID_NOW');
  });
});
