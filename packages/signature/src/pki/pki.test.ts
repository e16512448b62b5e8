import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOaError } from '@oa/shared';
import {
  removeTestPki,
  caPassphrase,
  createTestPki,
  opensslCmsVerify,
  testAgency,
  type TestPki,
} from '../test-support/fixtures';
import { signBytes } from '../cms/sign';
import { createRootCa, unlockCa } from './ca';
import { verifyBytes } from '../verify/verify-cms';
import { createKeyStore, openKeyStore } from './keystore';
import { crlToPem, issueCrl, parseCrl } from './crl';
import { validateChain } from './chain';

let pki: TestPki;
afterAll(() => removeTestPki(pki));
beforeAll(async () => {
  pki = await createTestPki();
});

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isOaError(error) ? error.code : `not an OaError: ${String(error)}`;
  }
  return undefined;
}

describe('PKI', () => {
  it('issues a seal certificate with the agency name and 统一社会信用代码 that openssl verifies against the root', () => {
    const cert = pki.seal.certificate;
    expect(cert.subject.organization).toBe(testAgency.name);
    expect(cert.subject.organizationIdentifier).toBe(testAgency.code);
    expect(cert.issuer.commonName).toBe('江宁市电子政务根证书');
    expect(cert.extendedKeyUsage).toEqual([]);
    const file = path.join(pki.dir, 'seal.pem');
    writeFileSync(file, cert.toPem());
    const out = execFileSync('openssl', ['verify', '-CAfile', pki.rootPemFile, file], { encoding: 'utf8' });
    expect(out).toContain(': OK');
    const text = execFileSync(
      'openssl',
      ['x509', '-in', file, '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus'],
      { encoding: 'utf8' },
    );
    expect(text).toContain(`O=${testAgency.name}`);
  });

  it('refuses a wrong CA passphrase with CA_BAD_PASSPHRASE', () => {
    expect(errorCode(() => unlockCa(pki.root, 'not-the-passphrase'))).toBe('CA_BAD_PASSPHRASE');
    expect(unlockCa(pki.root, caPassphrase).certificate.der.equals(pki.root.certificate.der)).toBe(true);
  });

  it('round-trips a PKCS#12 key store under a PIN; a wrong PIN is KEYSTORE_BAD_PIN', () => {
    const p12 = createKeyStore({ ...pki.leader, pin: '246810' });
    const opened = openKeyStore(p12, '246810');
    expect(opened.certificate.der.equals(pki.leader.certificate.der)).toBe(true);
    expect(opened.chain.map((c) => c.fingerprint)).toEqual([pki.root.certificate.fingerprint]);
    expect(errorCode(() => openKeyStore(p12, '000000'))).toBe('KEYSTORE_BAD_PIN');
    expect(errorCode(() => openKeyStore(Buffer.from('not a p12'), '246810'))).toBe('KEYSTORE_INVALID');
    // openssl reads it too (AES-256 / PBKDF2), with the Chinese certificate intact.
    const file = path.join(pki.dir, 'leader.p12');
    writeFileSync(file, p12);
    const out = execFileSync('openssl', ['pkcs12', '-in', file, '-passin', 'pass:246810', '-nokeys', '-info'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('BEGIN CERTIFICATE');
  });

  it('signs arbitrary bytes (CMS detached) so that openssl cms -verify accepts them', async () => {
    const data = Buffer.from('{"envelope":"公文交换","id":42}');
    const cms = await signBytes(data, pki.seal);
    writeFileSync(path.join(pki.dir, 'env.p7s'), cms);
    writeFileSync(path.join(pki.dir, 'env.json'), data);
    expect(opensslCmsVerify(pki.rootPemFile, path.join(pki.dir, 'env.p7s'), path.join(pki.dir, 'env.json')).ok).toBe(
      true,
    );
    writeFileSync(path.join(pki.dir, 'env-tampered.json'), Buffer.from('{"envelope":"公文交换","id":43}'));
    expect(
      opensslCmsVerify(pki.rootPemFile, path.join(pki.dir, 'env.p7s'), path.join(pki.dir, 'env-tampered.json')).ok,
    ).toBe(false);
  });

  it('issues a CRL that openssl accepts and that marks a revoked certificate', async () => {
    const revokedAt = new Date(Date.now() - 1000);
    const der = await issueCrl(pki.ca, {
      revoked: [{ serial: pki.leader.certificate.serial, revokedAt, reason: 'keyCompromise' }],
      crlNumber: 2n,
    });
    const file = path.join(pki.dir, 'crl.pem');
    writeFileSync(file, crlToPem(der));
    const out = execFileSync('openssl', ['crl', '-in', file, '-noout', '-text', '-CAfile', pki.rootPemFile], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain(pki.leader.certificate.serialHex);
    const crl = parseCrl(der);
    expect(crl.isSignedBy(pki.root.certificate)).toBe(true);
    const trust = { trustedRoots: [pki.root.certificate], crls: [crl] };
    expect(validateChain(pki.leader.certificate, [], trust, new Date()).revocation).toBe('revoked');
    expect(validateChain(pki.seal.certificate, [], trust, new Date()).revocation).toBe('good');
    expect(validateChain(pki.leader.certificate, [], trust, new Date(revokedAt.getTime() - 60_000)).revocation).toBe(
      'revoked-after',
    );
  });
});

describe('verifyBytes', () => {
  it('agrees with openssl: valid for the signed bytes, invalid for changed bytes, indeterminate for an unknown root', async () => {
    const data = Buffer.from('签收回执：文件已收到');
    const cms = await signBytes(data, pki.leader);
    const trust = { trustedRoots: [pki.root.certificate] };
    const ok = verifyBytes(data, cms, trust);
    expect(ok.verdict).toBe('valid');
    expect(ok.signer?.commonName).toBe('张伟');
    expect(verifyBytes(Buffer.from('签收回执：文件未收到'), cms, trust).findings.map((f) => f.code)).toContain(
      'DIGEST_MISMATCH',
    );
    const other = await createRootCa({ subject: { commonName: '另一个根证书' }, passphrase: 'another-passphrase' });
    expect(verifyBytes(data, cms, { trustedRoots: [other.certificate] }).verdict).toBe('indeterminate');
    expect(verifyBytes(data, Buffer.from('garbage'), trust).findings[0]?.code).toBe('CMS_INVALID');
  });
});

describe('secrets stay secret', () => {
  it('an unlocked key store shows no key material when logged or serialised', () => {
    const opened = openKeyStore(createKeyStore({ ...pki.seal, pin: '975310' }), '975310');
    const pem = pki.seal.signer.exportPkcs1ForKeyStore();
    const keyBody = pem.split('\n')[3]!;
    for (const text of [JSON.stringify(opened), inspect(opened, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain(keyBody);
      expect(text).not.toContain('975310');
    }
  });
});

describe('PKCS#12 from other tools', () => {
  it('opens a key store exported by openssl 3 (AES-256, PBKDF2-SHA256, SHA-256 MAC) and by legacy 3DES settings', () => {
    const base = path.join(pki.dir, 'ossl-p12');
    writeFileSync(`${base}.key`, pki.leader.signer.exportPkcs1ForKeyStore());
    writeFileSync(`${base}.crt`, pki.leader.certificate.toPem());
    writeFileSync(`${base}.ca`, pki.root.certificate.toPem());
    const legacy = ['-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'];
    for (const extra of [[], legacy]) {
      const out = `${base}-${extra.length}.p12`;
      execFileSync('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        `${base}.key`,
        '-in',
        `${base}.crt`,
        '-certfile',
        `${base}.ca`,
        '-passout',
        'pass:864213',
        '-out',
        out,
        ...extra,
      ]);
      const opened = openKeyStore(readFileSync(out), '864213');
      expect(opened.certificate.der.equals(pki.leader.certificate.der)).toBe(true);
      expect(opened.chain.map((c) => c.fingerprint)).toEqual([pki.root.certificate.fingerprint]);
      expect(errorCode(() => openKeyStore(readFileSync(out), '000000'))).toBe('KEYSTORE_BAD_PIN');
    }
  });
});
