import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTestPki, createTestPki, type TestPki } from '../test-support/fixtures';
import { issueCertificate } from '../pki/certificate';
import { verifyBytes } from './verify-cms';

let pki: TestPki;
afterAll(() => removeTestPki(pki));
beforeAll(async () => {
  pki = await createTestPki();
});

/** CMS made by another producer: `openssl cms -sign` (detached, DER). */
function opensslSign(certPem: string, keyPem: string, data: Buffer, extra: string[] = []): Buffer {
  const base = path.join(pki.dir, `ossl-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${base}.crt`, certPem);
  writeFileSync(`${base}.key`, keyPem);
  writeFileSync(`${base}.bin`, data);
  execFileSync('openssl', [
    'cms',
    '-sign',
    '-binary',
    '-in',
    `${base}.bin`,
    '-signer',
    `${base}.crt`,
    '-inkey',
    `${base}.key`,
    '-outform',
    'DER',
    '-out',
    `${base}.p7s`,
    ...extra,
  ]);
  return readFileSync(`${base}.p7s`);
}

describe('verifyBytes on CMS made by openssl', () => {
  const data = Buffer.from('公文交换信封 envelope #7');
  const trust = (): { trustedRoots: TestPki['root']['certificate'][] } => ({ trustedRoots: [pki.root.certificate] });

  it('verifies RSA signatures with signed attributes and without (-noattr), Chinese names', () => {
    const keyPem = pki.leader.signer.exportPkcs1ForKeyStore();
    for (const extra of [[], ['-noattr']]) {
      const cms = opensslSign(pki.leader.certificate.toPem(), keyPem, data, extra);
      const result = verifyBytes(data, cms, trust());
      expect(result.verdict, extra.join(' ')).toBe('valid');
      expect(result.signer?.commonName).toBe('张伟');
      expect(verifyBytes(Buffer.concat([data, Buffer.from('!')]), cms, trust()).verdict).toBe('invalid');
    }
  });

  it('verifies ECDSA P-256 signatures from a certificate our CA issued', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const certificate = await issueCertificate(
      {
        subject: { commonName: '李娜', organization: '江宁市人民政府办公室' },
        subjectPublicKeyInfo: publicKey.export({ type: 'spki', format: 'der' }),
        profile: 'personal',
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 86_400_000),
      },
      pki.ca,
    );
    const cms = opensslSign(certificate.toPem(), privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, data);
    const result = verifyBytes(data, cms, trust());
    expect(result.verdict).toBe('valid');
    expect(result.signer?.commonName).toBe('李娜');
  });
});
