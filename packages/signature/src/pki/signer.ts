import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { nullValue, oid, sequence } from '../asn1/der';
import { OID } from '../asn1/oids';

/**
 * Every private-key operation goes through a Signer, so a hardware token (PKCS#11) or an
 * SM2 key can be added later without touching callers. The key itself never leaves it.
 */
export interface Signer {
  /** Signature algorithm identifier (DER AlgorithmIdentifier) for certificates and CRLs. */
  readonly signatureAlgorithm: Buffer;
  /** Signature algorithm identifier for a CMS SignerInfo (rsaEncryption for RSA, as Acrobat writes). */
  readonly cmsSignatureAlgorithm: Buffer;
  /** Digest algorithm used for signatures (CMS digestAlgorithm). */
  readonly digestAlgorithm: 'sha256';
  /** Upper bound of a signature value's length, to size PDF placeholders. */
  readonly maxSignatureLength: number;
  /** The public key's SubjectPublicKeyInfo (DER). */
  readonly publicKeyInfo: Buffer;
  /** Signs data (the signer hashes it with its digest algorithm). */
  sign(data: Uint8Array): Promise<Buffer>;
}

/** AlgorithmIdentifier for sha256WithRSAEncryption (with NULL parameters, as RFC 4055 says). */
export const sha256WithRsaAlgorithm = (): Buffer => sequence(oid(OID.sha256WithRSAEncryption), nullValue());
export const sha256Algorithm = (): Buffer => sequence(oid(OID.sha256));

/** A software RSA key held as a Node KeyObject; signing uses Node's native crypto (~0.3 ms). */
export class SoftwareRsaSigner implements Signer {
  readonly signatureAlgorithm = sha256WithRsaAlgorithm();
  readonly cmsSignatureAlgorithm = sequence(oid(OID.rsaEncryption), nullValue());
  readonly digestAlgorithm = 'sha256' as const;
  readonly maxSignatureLength: number;
  readonly publicKeyInfo: Buffer;
  readonly #key: KeyObject;

  constructor(key: KeyObject) {
    if (key.type !== 'private' || key.asymmetricKeyType !== 'rsa')
      throw new TypeError('an RSA private key is required');
    this.#key = key;
    const modulusLength = key.asymmetricKeyDetails?.modulusLength ?? 2048;
    this.maxSignatureLength = Math.ceil(modulusLength / 8);
    this.publicKeyInfo = createPublicKey(key).export({ type: 'spki', format: 'der' });
  }

  async sign(data: Uint8Array): Promise<Buffer> {
    return sign('sha256', data, this.#key);
  }

  /** Exports the key encrypted (PKCS#8, AES-256) for a key file; the only way out of the signer. */
  exportEncrypted(passphrase: string): string {
    return this.#key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
  }

  /** PKCS#1 PEM for packing into a PKCS#12 key store (kept inside this package). */
  exportPkcs1ForKeyStore(): string {
    return this.#key.export({ type: 'pkcs1', format: 'pem' }) as string;
  }

  static fromPem(pem: string, passphrase?: string): SoftwareRsaSigner {
    return new SoftwareRsaSigner(createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase }));
  }

  /** No key material in logs, even by accident. */
  toJSON(): { signer: string } {
    return { signer: 'software-rsa' };
  }
}
