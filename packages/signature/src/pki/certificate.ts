import { createHash, createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  child,
  children,
  explicit,
  integer,
  octetString,
  oid,
  parse,
  readBitString,
  readInteger,
  readOid,
  readTime,
  sequence,
  tlv,
  time,
  type Element,
} from '../asn1/der';
import { OID } from '../asn1/oids';
import { signatureError } from '../errors';
import { decodeName, encodeName, formatName, type DistinguishedName } from './names';
import type { Signer } from './signer';

/** What a certificate is for; decides its extensions. */
export type CertificateProfile = 'root-ca' | 'seal' | 'personal';

/** Key usage bits (RFC 5280 §4.2.1.3), numbered from the most significant bit. */
const keyUsageBits = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5, cRLSign: 6 } as const;
const profileKeyUsage: Record<CertificateProfile, ReadonlyArray<keyof typeof keyUsageBits>> = {
  'root-ca': ['digitalSignature', 'keyCertSign', 'cRLSign'],
  // Seal and personal signing certificates: no EKU (poppler would check it as an e-mail signer).
  seal: ['digitalSignature', 'nonRepudiation'],
  personal: ['digitalSignature', 'nonRepudiation'],
};

function keyUsageValue(bits: ReadonlyArray<keyof typeof keyUsageBits>): Buffer {
  let value = 0;
  let highest = 0;
  for (const bit of bits) {
    value |= 0x80 >> keyUsageBits[bit];
    highest = Math.max(highest, keyUsageBits[bit]);
  }
  return tlv(0x03, Buffer.from([7 - highest, value]));
}

const extension = (extensionOid: string, critical: boolean, value: Buffer): Buffer =>
  critical
    ? sequence(oid(extensionOid), boolean(true), octetString(value))
    : sequence(oid(extensionOid), octetString(value));

/** SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1). */
export function keyIdentifier(subjectPublicKeyInfo: Buffer): Buffer {
  const spki = parse(subjectPublicKeyInfo);
  return createHash('sha1')
    .update(readBitString(child(spki, 1, 'subjectPublicKey')))
    .digest();
}

export interface CertificateRequest {
  subject: DistinguishedName;
  subjectPublicKeyInfo: Buffer;
  profile: CertificateProfile;
  notBefore: Date;
  notAfter: Date;
  /** Positive serial; random 16 bytes when absent. */
  serial?: bigint;
}

export interface Issuer {
  /** The issuer's certificate; absent for a self-signed root. */
  certificate?: Certificate;
  signer: Signer;
}

export function randomSerial(): bigint {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return BigInt(`0x${bytes.toString('hex')}`);
}

/** Issues an X.509 v3 certificate signed by the issuer's Signer (self-signed when no certificate). */
export async function issueCertificate(request: CertificateRequest, issuer: Issuer): Promise<Certificate> {
  const subjectName = encodeName(request.subject);
  const issuerName = issuer.certificate ? issuer.certificate.subjectRaw : subjectName;
  const issuerKeyInfo = issuer.certificate ? issuer.certificate.subjectPublicKeyInfo : issuer.signer.publicKeyInfo;
  const isCa = request.profile === 'root-ca';
  const extensions = [
    extension(OID.basicConstraints, true, isCa ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, keyUsageValue(profileKeyUsage[request.profile])),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(request.subjectPublicKeyInfo))),
    extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(issuerKeyInfo)))),
  ];
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(request.serial ?? randomSerial()),
    issuer.signer.signatureAlgorithm,
    issuerName,
    sequence(time(request.notBefore), time(request.notAfter)),
    subjectName,
    request.subjectPublicKeyInfo,
    explicit(3, sequence(...extensions)),
  );
  const signature = await issuer.signer.sign(tbs);
  return Certificate.fromDer(sequence(tbs, issuer.signer.signatureAlgorithm, bitString(signature)));
}

/**
 * Parsed certificates by their DER (base64), most recent last: a verifier meets the same few
 * seal and CA certificates in every signature, and a certificate's parse, public key and
 * signature checks depend on nothing but its bytes. Bounded; the oldest entry goes first.
 */
const parsed = new Map<string, Certificate>();
const parsedLimit = 1024;

/** A parsed X.509 certificate that keeps its exact DER (names are never re-encoded). */
export class Certificate {
  readonly der: Buffer;
  readonly tbs: Buffer;
  readonly serial: bigint;
  readonly serialRaw: Buffer;
  readonly issuerRaw: Buffer;
  readonly subjectRaw: Buffer;
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKeyInfo: Buffer;
  readonly signatureAlgorithm: string;
  readonly signature: Buffer;
  readonly isCa: boolean;
  readonly subjectKeyId: Buffer | undefined;
  readonly authorityKeyId: Buffer | undefined;
  readonly extendedKeyUsage: readonly string[];

  private constructor(der: Buffer) {
    this.der = der;
    const root = parse(der);
    const [tbs, algorithm, signature] = children(root);
    if (!tbs || !algorithm || !signature) throw new Error('not a certificate');
    this.tbs = tbs.raw;
    const fields = children(tbs);
    const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
    const field = (i: number, what: string): Element => {
      const found = fields[offset + i];
      if (!found) throw new Error(`certificate lacks ${what}`);
      return found;
    };
    const serialElement = field(0, 'serial');
    this.serial = readInteger(serialElement);
    this.serialRaw = serialElement.raw;
    this.issuerRaw = field(2, 'issuer').raw;
    this.issuer = decodeName(field(2, 'issuer'));
    const validity = children(field(3, 'validity'));
    this.notBefore = readTime(validity[0]!);
    this.notAfter = readTime(validity[1]!);
    this.subjectRaw = field(4, 'subject').raw;
    this.subject = decodeName(field(4, 'subject'));
    this.subjectPublicKeyInfo = field(5, 'subjectPublicKeyInfo').raw;
    this.signatureAlgorithm = readOid(child(algorithm, 0));
    this.signature = readBitString(signature);
    let isCa = false;
    let ski: Buffer | undefined;
    let aki: Buffer | undefined;
    const eku: string[] = [];
    const extensionsWrapper = fields.find((f) => f.tag === 0xa3);
    for (const ext of extensionsWrapper ? children(child(extensionsWrapper, 0)) : []) {
      const parts = children(ext);
      const extOid = readOid(parts[0]!);
      const value = parse(parts[parts.length - 1]!.content);
      if (extOid === OID.basicConstraints)
        isCa = children(value)[0]?.tag === 0x01 && children(value)[0]!.content[0] !== 0;
      if (extOid === OID.subjectKeyIdentifier) ski = Buffer.from(value.content);
      if (extOid === OID.authorityKeyIdentifier) aki = children(value).find((e) => e.tag === 0x80)?.content;
      if (extOid === OID.extKeyUsage) for (const usage of children(value)) eku.push(readOid(usage));
    }
    this.isCa = isCa;
    this.subjectKeyId = ski;
    this.authorityKeyId = aki ? Buffer.from(aki) : undefined;
    this.extendedKeyUsage = eku;
  }

  static fromDer(der: Uint8Array): Certificate {
    const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    const known = parsed.get(key);
    if (known) return known;
    try {
      const certificate = new Certificate(Buffer.from(der));
      if (parsed.size >= parsedLimit) parsed.delete(parsed.keys().next().value!);
      parsed.set(key, certificate);
      return certificate;
    } catch (error) {
      throw signatureError(
        'CERT_INVALID',
        '证书格式无效，无法解析。',
        `Not a valid X.509 certificate (${(error as Error).message}).`,
      );
    }
  }

  static fromPem(pem: string): Certificate {
    const match = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem);
    if (!match) throw signatureError('CERT_INVALID', '不是 PEM 格式的证书。', 'Not a PEM certificate.');
    return Certificate.fromDer(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
  }

  /** All certificates in a PEM bundle, in order. */
  static allFromPem(pem: string): Certificate[] {
    return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) =>
      Certificate.fromPem(m[0]),
    );
  }

  toPem(): string {
    const body = this.der
      .toString('base64')
      .replace(/(.{64})/g, '$1\n')
      .replace(/\n$/, '');
    return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
  }

  private sha256: string | undefined;

  get fingerprint(): string {
    this.sha256 ??= createHash('sha256').update(this.der).digest('hex');
    return this.sha256;
  }

  get serialHex(): string {
    return this.serial.toString(16).toUpperCase();
  }

  get subjectText(): string {
    return formatName(this.subject);
  }

  get issuerText(): string {
    return formatName(this.issuer);
  }

  isSelfIssued(): boolean {
    return this.issuerRaw.equals(this.subjectRaw);
  }

  private key: KeyObject | undefined;
  private readonly signedBy = new WeakMap<Certificate, boolean>();

  /** The subject's public key (made once per certificate). */
  get publicKey(): KeyObject {
    this.key ??= createPublicKey({ key: this.subjectPublicKeyInfo, format: 'der', type: 'spki' });
    return this.key;
  }

  /** Whether `issuer`'s key signed this certificate (checked once per pair: both are immutable). */
  isSignedBy(issuer: Certificate): boolean {
    if (!this.issuerRaw.equals(issuer.subjectRaw)) return false;
    let signed = this.signedBy.get(issuer);
    if (signed === undefined) {
      signed = issuer.verifyData(this.tbs, this.signature);
      this.signedBy.set(issuer, signed);
    }
    return signed;
  }

  /** Verifies a SHA-256 signature made with this certificate's key. */
  verifyData(data: Uint8Array, signature: Uint8Array): boolean {
    try {
      return verify('sha256', data, this.publicKey, signature);
    } catch {
      return false;
    }
  }

  isValidAt(date: Date): boolean {
    return date >= this.notBefore && date <= this.notAfter;
  }

  /** Whether the public key matches a signer's key. */
  matchesKey(publicKeyInfo: Buffer): boolean {
    return this.subjectPublicKeyInfo.equals(publicKeyInfo);
  }

  toJSON(): Record<string, string> {
    return {
      subject: this.subjectText,
      issuer: this.issuerText,
      serial: this.serialHex,
      notBefore: this.notBefore.toISOString(),
      notAfter: this.notAfter.toISOString(),
      fingerprint: this.fingerprint,
    };
  }
}
