import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { removeTestPki, createTestPki, pdfsig, type TestPki } from '../test-support/fixtures';
import { createRootCa, issueKey, unlockCa } from '../pki/ca';
import { createKeyStore } from '../pki/keystore';
import { verifyPdf } from './verify-pdf';

/** Signatures made by another producer (@signpdf: adbe.pkcs7.detached via node-forge). */
async function signWithSignpdf(p12: Buffer, pin: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
  const withPlaceholder = plainAddPlaceholder({
    pdfBuffer: pdf,
    reason: 'approved',
    contactInfo: '',
    name: 'signer',
    location: '',
  });
  return new SignPdf().sign(withPlaceholder, new P12Signer(p12, { passphrase: pin }));
}

let chinese: TestPki;
afterAll(() => removeTestPki(chinese));
beforeAll(async () => {
  chinese = await createTestPki();
});

describe('interoperability with another signer', () => {
  it('accepts adbe.pkcs7.detached signatures from @signpdf (ASCII names): valid here and in pdfsig', async () => {
    const root = await createRootCa({
      subject: { commonName: 'Interop Test Root', country: 'CN' },
      passphrase: 'interop-passphrase',
    });
    const key = await issueKey(unlockCa(root, 'interop-passphrase'), {
      profile: 'personal',
      subject: { commonName: 'Interop Signer' },
    });
    const signed = await signWithSignpdf(createKeyStore({ ...key, pin: '123456' }), '123456');
    const report = await verifyPdf(signed, { trustedRoots: [root.certificate] });
    expect(report.signatures[0]).toMatchObject({ subFilter: 'adbe.pkcs7.detached', verdict: 'valid' });
    const rootPemFile = path.join(chinese.dir, 'interop-root.pem');
    writeFileSync(rootPemFile, root.certificate.toPem());
    const external = pdfsig({ ...chinese, dir: path.join(chinese.dir, 'interop'), rootPemFile }, signed);
    expect(external.signatures[0]).toMatchObject({ valid: true, trusted: true });
  });

  it('agrees with pdfsig that @signpdf output with Chinese issuer names is broken (forge #847)', async () => {
    const signed = await signWithSignpdf(createKeyStore({ ...chinese.leader, pin: '123456' }), '123456');
    const report = await verifyPdf(signed, { trustedRoots: [chinese.root.certificate] });
    expect(report.signatures[0]!.verdict).toBe('invalid');
    expect(report.signatures[0]!.findings.map((f) => f.code)).toContain('SIGNER_CERT_MISSING');
    expect(pdfsig(chinese, signed).signatures[0]!.valid).toBe(false);
  });
});
