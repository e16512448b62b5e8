import { createHash } from 'node:crypto';
import { explicit, integer, octetString, oid, sequence, setOf, tlv, utf8String, time } from '../asn1/der';
import { OID } from '../asn1/oids';
import type { Certificate } from '../pki/certificate';
import { sha256Algorithm, type Signer } from '../pki/signer';

/** A signed attribute: its type and its (single) DER-encoded value. */
export interface SignedAttribute {
  type: string;
  value: Buffer;
}

export interface CmsSignOptions {
  signer: Signer;
  certificate: Certificate;
  /** Issuer first … root last; all embedded (a verifier needs the full chain). */
  chain: readonly Certificate[];
  /**
   * 'pades': PAdES baseline B-B (no signing-time attribute: the time is in the PDF's /M);
   * 'cades': CAdES-BES with signing-time, for envelopes and receipts.
   */
  profile: 'pades' | 'cades';
  signingTime?: Date;
  /** Further signed attributes (seal record, sign-off opinion, role). */
  attributes?: readonly SignedAttribute[];
}

const attribute = (type: string, value: Buffer): Buffer => sequence(oid(type), setOf(value));

/** ESS signing-certificate-v2 (RFC 5035): binds the signer's certificate (SHA-256 + issuer/serial). */
function signingCertificateV2(certificate: Certificate): Buffer {
  const hash = createHash('sha256').update(certificate.der).digest();
  const issuerSerial = sequence(sequence(explicit(4, certificate.issuerRaw)), certificate.serialRaw);
  return sequence(sequence(sequence(octetString(hash), issuerSerial)));
}

/** Attribute values for this project's own attributes. */
export const attributeValue = {
  utf8: (text: string): Buffer => utf8String(text),
  der: (der: Buffer): Buffer => der,
};

/**
 * Builds a detached CMS SignedData over a precomputed SHA-256 digest of the content.
 * The SignerInfo's issuer and serial are copied from the certificate's DER (never re-encoded).
 */
export async function signDigest(digest: Buffer, options: CmsSignOptions): Promise<Buffer> {
  const { certificate } = options;
  const attributes = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octetString(digest)),
    attribute(OID.signingCertificateV2, signingCertificateV2(certificate)),
    ...(options.profile === 'cades' ? [attribute(OID.signingTime, time(options.signingTime ?? new Date()))] : []),
    ...(options.attributes ?? []).map((a) => attribute(a.type, a.value)),
  ];
  const signedAttributesSet = setOf(...attributes);
  const signature = await options.signer.sign(signedAttributesSet);
  const signerInfo = sequence(
    integer(1),
    sequence(certificate.issuerRaw, certificate.serialRaw),
    sha256Algorithm(),
    tlv(0xa0, signedAttributesSet.subarray(signedAttributesSet.length - contentLength(signedAttributesSet))),
    options.signer.cmsSignatureAlgorithm,
    octetString(signature),
  );
  const signedData = sequence(
    integer(1),
    setOf(sha256Algorithm()),
    sequence(oid(OID.data)),
    tlv(0xa0, Buffer.concat([certificate.der, ...options.chain.map((c) => c.der)])),
    setOf(signerInfo),
  );
  return sequence(oid(OID.signedData), explicit(0, signedData));
}

function contentLength(encoded: Buffer): number {
  const first = encoded[1]!;
  const header = first & 0x80 ? 2 + (first & 0x7f) : 2;
  return encoded.length - header;
}

/** Signs arbitrary bytes (envelopes, receipts): CAdES detached, SHA-256, the full chain embedded. */
export async function signBytes(
  data: Uint8Array,
  options: Omit<CmsSignOptions, 'profile'> & { profile?: 'pades' | 'cades' },
): Promise<Buffer> {
  return signDigest(createHash('sha256').update(data).digest(), { profile: 'cades', ...options });
}
