import { createHash, verify } from 'node:crypto';
import { child, children, parse, readInteger, readOid, readTime, Tag, type Element } from '../asn1/der';
import { OID } from '../asn1/oids';
import { signatureError } from '../errors';
import { Certificate } from '../pki/certificate';

/** Digest algorithms a verifier accepts (OID → Node hash name). */
export const digestAlgorithms: Record<string, string> = {
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  [OID.sha1]: 'sha1',
};

export interface ParsedCms {
  certificates: Certificate[];
  signerCertificate: Certificate | undefined;
  digestAlgorithm: string;
  /** The messageDigest signed attribute (absent when there are no signed attributes). */
  messageDigest: Buffer | undefined;
  signingTime: Date | undefined;
  hasSigningCertificateV2: boolean;
  /** Whether the signing-certificate-v2 hash matches the signer's certificate. */
  signingCertificateMatches: boolean | undefined;
  /** Signed attributes by OID (first value's DER). */
  attributes: Map<string, Buffer>;
  /** Whether we can check this signature algorithm (RSA PKCS#1 v1.5, ECDSA). */
  signatureAlgorithmSupported: boolean;
  /**
   * Checks the content: its digest against messageDigest, and the signature value (over the
   * signed attributes, or over the content itself when there are none).
   */
  check(content: readonly Uint8Array[]): { digest: boolean; signatureValue: boolean };
}

function findSignerCertificate(sid: Element, certificates: Certificate[]): Certificate | undefined {
  if (sid.tag === Tag.sequence) {
    const [issuer, serial] = children(sid);
    if (!issuer || !serial) return undefined;
    const serialValue = readInteger(serial);
    return certificates.find((c) => c.issuerRaw.equals(issuer.raw) && c.serial === serialValue);
  }
  if (sid.tag === 0x80) return certificates.find((c) => c.subjectKeyId?.equals(sid.content));
  return undefined;
}

/** RSA PKCS#1 v1.5 (rsaEncryption, shaNWithRSAEncryption) and ECDSA; not RSA-PSS, not SM2 (yet). */
function supportedSignatureAlgorithm(algorithm: string): boolean {
  const rsaPss = '1.2.840.113549.1.1.10';
  return (
    (algorithm.startsWith('1.2.840.113549.1.1.') && algorithm !== rsaPss) || algorithm.startsWith('1.2.840.10045.4.')
  );
}

/** Parses a detached CMS SignedData (ContentInfo) and checks its signature value. */
export function parseCms(der: Uint8Array): ParsedCms {
  try {
    return parseCmsUnchecked(der);
  } catch (error) {
    if ((error as { code?: string }).code) throw error;
    throw signatureError(
      'CMS_INVALID',
      '签名数据（CMS）格式无效。',
      `The signature data is not valid CMS (${(error as Error).message}).`,
    );
  }
}

function parseCmsUnchecked(der: Uint8Array): ParsedCms {
  const contentInfo = parse(der, true);
  if (readOid(child(contentInfo, 0, 'contentType')) !== OID.signedData) throw new Error('not SignedData');
  const signedData = child(child(contentInfo, 1, 'content'), 0, 'SignedData');
  const fields = children(signedData);
  const certificates: Certificate[] = [];
  const certsField = fields.find((f) => f.tag === 0xa0);
  for (const certElement of certsField ? children(certsField) : []) {
    if (certElement.tag === Tag.sequence) certificates.push(Certificate.fromDer(certElement.raw));
  }
  const signerInfos = fields[fields.length - 1]!;
  const signerInfo = child(signerInfos, 0, 'SignerInfo');
  const parts = children(signerInfo);
  const sid = parts[1]!;
  const digestAlgorithm = digestAlgorithms[readOid(child(parts[2]!, 0))] ?? 'unknown';
  const signedAttrs = parts[3]?.tag === 0xa0 ? parts[3] : undefined;
  const rest = parts.slice(signedAttrs ? 4 : 3);
  const signatureAlgorithm = readOid(child(rest[0]!, 0));
  const signatureValue = rest[1]!.content;
  const signerCertificate = findSignerCertificate(sid, certificates);

  const attributes = new Map<string, Buffer>();
  for (const attr of signedAttrs ? children(signedAttrs) : []) {
    const values = children(child(attr, 1));
    if (values[0]) attributes.set(readOid(child(attr, 0)), Buffer.from(values[0].raw));
  }
  const messageDigestDer = attributes.get(OID.messageDigest);
  const messageDigest = messageDigestDer ? parse(messageDigestDer).content : undefined;
  const signingTimeDer = attributes.get(OID.signingTime);
  const signingTime = signingTimeDer ? readTime(parse(signingTimeDer)) : undefined;
  const signingCertDer = attributes.get(OID.signingCertificateV2);
  let signingCertificateMatches: boolean | undefined;
  if (signingCertDer && signerCertificate) {
    const essCertId = child(child(parse(signingCertDer), 0), 0);
    const idParts = children(essCertId);
    const hashAlgorithm = idParts[0]?.tag === Tag.sequence ? digestAlgorithms[readOid(child(idParts[0], 0))] : 'sha256';
    const hash = idParts.find((p) => p.tag === Tag.octetString)?.content;
    signingCertificateMatches =
      hash !== undefined &&
      hashAlgorithm !== undefined &&
      createHash(hashAlgorithm).update(signerCertificate.der).digest().equals(hash);
  }

  const signatureAlgorithmSupported = supportedSignatureAlgorithm(signatureAlgorithm) && digestAlgorithm !== 'unknown';
  const verifySignature = (data: Buffer): boolean => {
    if (!signerCertificate || !signatureAlgorithmSupported) return false;
    try {
      return verify(digestAlgorithm, data, signerCertificate.publicKey, signatureValue);
    } catch {
      return false;
    }
  };
  // The signature covers the DER of the signed attributes as a SET OF (RFC 5652 §5.4).
  const signedAttributesSignatureValid = signedAttrs
    ? verifySignature(Buffer.concat([Buffer.from([Tag.set]), signedAttrs.raw.subarray(1)]))
    : false;

  return {
    certificates,
    signerCertificate,
    digestAlgorithm,
    messageDigest: messageDigest ? Buffer.from(messageDigest) : undefined,
    signingTime,
    hasSigningCertificateV2: signingCertDer !== undefined,
    signingCertificateMatches,
    attributes,
    signatureAlgorithmSupported,
    check(content) {
      if (digestAlgorithm === 'unknown') return { digest: false, signatureValue: false };
      if (!signedAttrs) {
        // No signed attributes: the signature is over the content itself.
        const valid = verifySignature(Buffer.concat(content));
        return { digest: valid, signatureValue: valid };
      }
      const hash = createHash(digestAlgorithm);
      for (const chunk of content) hash.update(chunk);
      return {
        digest: messageDigest !== undefined && hash.digest().equals(messageDigest),
        signatureValue: signedAttributesSignatureValid,
      };
    },
  };
}
