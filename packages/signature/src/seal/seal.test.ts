import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOaError } from '@oa/shared';
import {
  createTestPki,
  removeTestPki,
  makePdf,
  opensslVerify,
  pdfsig,
  qpdfCheck,
  testAgency,
  type TestPki,
} from '../test-support/fixtures';
import { sealPdf, signOffPdf } from '../pdf/roles';
import { generateRoundSeal } from './generate';
import { createSealRecord, parseSealRecord, type SealRecord } from './record';

let pki: TestPki;
afterAll(() => removeTestPki(pki));
let record: SealRecord;
const year = 365 * 86_400_000;

beforeAll(async () => {
  pki = await createTestPki();
  const picture = generateRoundSeal({ agencyName: testAgency.name, sealName: '发文专用章' });
  record = await createSealRecord(
    pki.ca,
    {
      id: `${testAgency.code}-0001`,
      kind: 'document',
      name: '发文专用章',
      agencyName: testAgency.name,
      agencyCode: testAgency.code,
      validFrom: new Date(Date.now() - 60_000),
      validTo: new Date(Date.now() + year),
    },
    picture,
    pki.seal.certificate,
  );
});

describe('seal records', () => {
  it('round-trips through DER with the maker signature intact', () => {
    const parsed = parseSealRecord(record.der);
    expect(parsed.makerSignatureValid).toBe(true);
    expect(parsed).toMatchObject({
      agencyName: testAgency.name,
      agencyCode: testAgency.code,
      kind: 'document',
      name: '发文专用章',
    });
    expect(parsed.pictureFingerprint).toBe(record.pictureFingerprint);
    const tampered = Buffer.from(record.der);
    const at = tampered.indexOf(Buffer.from('发文专用章'));
    tampered.write('财', at, 'utf8');
    expect(parseSealRecord(tampered).makerSignatureValid).toBe(false);
  });

  it('refuses a holder certificate of another agency (SEAL_CERT_MISMATCH)', async () => {
    const error = await createSealRecord(
      pki.ca,
      { ...record, id: 'x-1' },
      record.picture,
      pki.leader.certificate,
    ).catch((e: unknown) => e);
    expect(isOaError(error) && error.code).toBe('SEAL_CERT_MISMATCH');
  });
});

describe('visible seal and sign-off', () => {
  it('stamps the seal at a SealPosition after a sign-off; both signatures stay valid in pdfsig and openssl', async () => {
    const signedOff = await signOffPdf(await makePdf(), { keyStore: pki.leader, opinion: '同意印发。' });
    const sealed = await sealPdf(signedOff, {
      keyStore: pki.seal,
      record,
      placement: {
        kind: 'seal-position',
        position: {
          issuerCode: testAgency.code,
          issuerName: testAgency.name,
          page: 0,
          centerX: 420,
          centerY: 200,
          diameter: 119,
        },
      },
    });
    expect(sealed.subarray(0, signedOff.length).equals(signedOff)).toBe(true);
    const check = pdfsig(pki, sealed);
    expect(check.signatures.map((s) => s.valid)).toEqual([true, true]);
    expect(check.signatures[1]!.trusted).toBe(true);
    expect(check.signatures[0]!.total).toBe(false);
    expect(check.signatures[1]!.total).toBe(true);
    expect(opensslVerify(pki, sealed, 0).ok).toBe(true);
    expect(opensslVerify(pki, sealed, 1).ok).toBe(true);
    expect(qpdfCheck(pki.dir, sealed)).toContain('No syntax or stream encoding errors');
    // The stamp is drawn: the seal's red shows at its position when rendered.
    const file = path.join(pki.dir, 'sealed.pdf');
    writeFileSync(file, sealed);
    // At 36 dpi (0.5 px/pt) the star at (420, 200) pt is around pixel (210, 321) from the top left.
    const ppm = execFileSync('pdftoppm', [
      '-r',
      '36',
      '-singlefile',
      '-x',
      '200',
      '-y',
      '311',
      '-W',
      '20',
      '-H',
      '20',
      file,
    ]);
    const pixels = ppm.subarray(ppm.length - 20 * 20 * 3);
    let red = 0;
    for (let i = 0; i < pixels.length; i += 3)
      if (pixels[i]! > 180 && pixels[i + 1]! < 100 && pixels[i + 2]! < 100) red++;
    expect(red).toBeGreaterThan(20);
  });
});
