import { readFile } from 'node:fs/promises';
import forge from 'node-forge';
import { signatureError } from '../errors';
import { Certificate } from './certificate';
import { validateChain, type TrustOptions } from './chain';
import { SoftwareRsaSigner, type Signer } from './signer';

/** Minimum PIN length for a key store. */
export const minimumPinLength = 6;

/**
 * An unlocked key store: the signer (private key inside, never exposed), the holder's
 * certificate and its chain up to the root (issuer first).
 */
export interface KeyStore {
  signer: Signer;
  certificate: Certificate;
  chain: Certificate[];
}

const toForgeCert = (certificate: Certificate): forge.pki.Certificate =>
  // forge re-encodes a parsed certificate from its cached TBS, so the DER stays byte-identical.
  forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(certificate.der.toString('binary'))));

/** Packs a key and its certificate chain into a PKCS#12 file protected by the PIN (AES-256, PBKDF2). */
export function createKeyStore(options: {
  signer: SoftwareRsaSigner;
  certificate: Certificate;
  chain: readonly Certificate[];
  pin: string;
}): Buffer {
  if (options.pin.length < minimumPinLength) {
    throw signatureError(
      'KEYSTORE_WEAK_PIN',
      `PIN 至少需要 ${minimumPinLength} 位。`,
      `The PIN needs at least ${minimumPinLength} characters.`,
    );
  }
  if (!options.certificate.matchesKey(options.signer.publicKeyInfo)) {
    throw signatureError('KEYSTORE_INVALID', '私钥与证书不匹配。', 'The key does not match the certificate.');
  }
  const key = forge.pki.privateKeyFromPem(options.signer.exportPkcs1ForKeyStore());
  const certs = [options.certificate, ...options.chain].map(toForgeCert);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, options.pin, { algorithm: 'aes256', count: 10_000 });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** PKCS#12 bag types (RFC 7292 §4.2). */
const oids = {
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
} as const;

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

/** Opens a PKCS#12 key store with its PIN. A wrong PIN is KEYSTORE_BAD_PIN; nothing secret is logged. */
export function openKeyStore(bytes: Uint8Array, pin: string): KeyStore {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(bytes).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, pin);
  } catch (error) {
    const message = (error as Error).message;
    if (/password|MAC could not be verified|Invalid password/i.test(message)) {
      throw signatureError(
        'KEYSTORE_BAD_PIN',
        'PIN 错误，无法打开证书库。',
        'Wrong PIN: the key store cannot be opened.',
      );
    }
    throw signatureError('KEYSTORE_INVALID', '不是有效的 PKCS#12 证书库文件。', 'Not a valid PKCS#12 key store file.');
  }
  const keyBags = bagsOf(p12, oids.shroudedKeyBag);
  const plainKeyBags = bagsOf(p12, oids.keyBag);
  const keyBag = [...keyBags, ...plainKeyBags].find((bag) => bag.key);
  if (!keyBag?.key) {
    throw signatureError('KEYSTORE_NO_KEY', '证书库中没有私钥。', 'The key store holds no private key.');
  }
  const signer = SoftwareRsaSigner.fromPem(forge.pki.privateKeyToPem(keyBag.key as forge.pki.rsa.PrivateKey));
  const certBags = bagsOf(p12, oids.certBag);
  const certificates = certBags
    .filter((bag) => bag.cert)
    .map((bag) =>
      Certificate.fromDer(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert!)).getBytes(), 'binary')),
    );
  const certificate = certificates.find((c) => c.matchesKey(signer.publicKeyInfo));
  if (!certificate) {
    throw signatureError(
      'KEYSTORE_INVALID',
      '证书库中没有与私钥匹配的证书。',
      'The key store holds no certificate for its key.',
    );
  }
  return { signer, certificate, chain: orderChain(certificate, certificates) };
}

/** Reads and opens a key store file; an unreadable file is KEYSTORE_INVALID. */
export async function openKeyStoreFile(file: string, pin: string): Promise<KeyStore> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw signatureError('KEYSTORE_INVALID', `无法读取证书库文件 ${file}。`, `Cannot read the key store file ${file}.`);
  }
  return openKeyStore(bytes, pin);
}

/**
 * Refuses a key store whose certificate cannot sign now: CERT_EXPIRED outside its validity,
 * CERT_REVOKED when a CRL at hand lists it (or its issuer).
 */
export function assertCertificateUsable(keyStore: KeyStore, at: Date, trust?: TrustOptions): void {
  const { certificate } = keyStore;
  if (!certificate.isValidAt(at)) {
    const notYet = at < certificate.notBefore;
    throw signatureError(
      'CERT_EXPIRED',
      notYet
        ? `证书“${certificate.subject.commonName}”尚未生效（${certificate.notBefore.toISOString()} 起）。`
        : `证书“${certificate.subject.commonName}”已于 ${certificate.notAfter.toISOString()} 过期，请申请新证书。`,
      notYet
        ? `The certificate "${certificate.subject.commonName}" is not valid before ${certificate.notBefore.toISOString()}.`
        : `The certificate "${certificate.subject.commonName}" expired on ${certificate.notAfter.toISOString()}; request a new one.`,
    );
  }
  if (trust && validateChain(certificate, keyStore.chain, trust, at).revocation === 'revoked') {
    throw signatureError(
      'CERT_REVOKED',
      `证书“${certificate.subject.commonName}”已被吊销，不能再用于签名。`,
      `The certificate "${certificate.subject.commonName}" has been revoked and cannot sign.`,
    );
  }
}

/** Orders the other certificates from the holder's issuer up to the root. */
export function orderChain(leaf: Certificate, pool: readonly Certificate[]): Certificate[] {
  const chain: Certificate[] = [];
  let current = leaf;
  while (!current.isSelfIssued()) {
    const issuer = pool.find((c) => c !== current && c.subjectRaw.equals(current.issuerRaw) && !chain.includes(c));
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}
