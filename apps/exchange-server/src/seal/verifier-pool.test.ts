import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSend } from '../client/compose';
import { createTestPki, sealedPdf, testAgencies, type TestPki } from '../test-support/pki';
import { SignatureSealVerifier } from './signature-verifier';
import { PooledSealVerifier } from './verifier-pool';

/** Verification on worker threads gives the same answers as on the request thread. */
describe('pooled seal verifier', () => {
  let pki: TestPki;
  let pool: PooledSealVerifier;
  beforeAll(async () => {
    pki = await createTestPki('江东省电子政务根证书', ['city', 'county']);
    pool = new PooledSealVerifier([pki.rootPemFile], [], 2);
    await pool.ready();
  });
  afterAll(async () => {
    await pool?.close();
    pki?.remove();
  });

  it('verifies PDF seals and detached signatures like the in-thread verifier, in parallel', async () => {
    const local = SignatureSealVerifier.fromFiles([pki.rootPemFile], []);
    const pdf = await sealedPdf(pki.seals.city, 'pooled');
    // Change one byte of the page size inside the signed range.
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('595.28');
    tampered.write('595.29', at, 'latin1');
    const { request } = await composeSend(
      pki.seals.city,
      {
        sender: testAgencies.city.code,
        recipients: [testAgencies.county.code],
        title: 't',
        docNumber: '宁政办发〔2026〕1号',
        kind: 'notice',
      },
      pdf,
    );
    const envelope = new TextEncoder().encode(request.envelope);
    const signature = Buffer.from(request.signature, 'base64');

    const [good, bad, detached, forged] = await Promise.all([
      pool.verifyPdf(pdf),
      pool.verifyPdf(tampered),
      pool.verifyDetached(envelope, signature),
      pool.verifyDetached(new TextEncoder().encode('other'), signature),
    ]);
    expect(good).toEqual(await local.verifyPdf(pdf));
    expect(good[0]).toMatchObject({ intact: true, coversWholeDocument: true, signer: { trust: 'trusted' } });
    expect(bad).toEqual(await local.verifyPdf(tampered));
    expect(bad[0]?.intact).toBe(false);
    expect(detached).toEqual(await local.verifyDetached(envelope, signature));
    expect(detached.ok).toBe(true);
    expect(forged.ok).toBe(false);
  });
});
