import {
  bitString,
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
  Tag,
} from '../asn1/der';
import { OID } from '../asn1/oids';
import { signatureError } from '../errors';
import { keyIdentifier, type Certificate } from './certificate';
import type { UnlockedCa } from './ca';

/** RFC 5280 §5.3.1 CRLReason codes this deployment uses. */
export const revocationReasons = {
  unspecified: 0,
  keyCompromise: 1,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
} as const;
export type RevocationReason = keyof typeof revocationReasons;

export interface RevokedEntry {
  serial: bigint;
  revokedAt: Date;
  reason: RevocationReason;
}

/** How long a published CRL is current (days). */
export const crlValidityDays = 7;

/** Issues a v2 CRL signed by the CA, with CRL number and authority key identifier. */
export async function issueCrl(
  ca: UnlockedCa,
  options: { revoked: readonly RevokedEntry[]; crlNumber: bigint; now?: Date },
): Promise<Buffer> {
  const now = options.now ?? new Date();
  const entries = options.revoked.map((entry) => {
    const reason = sequence(oid(OID.cRLReason), octetString(tlv(0x0a, Buffer.from([revocationReasons[entry.reason]]))));
    return sequence(integer(entry.serial), time(entry.revokedAt), sequence(reason));
  });
  const tbs = sequence(
    integer(1),
    ca.signer.signatureAlgorithm,
    ca.certificate.subjectRaw,
    time(now),
    time(new Date(now.getTime() + crlValidityDays * 86_400_000)),
    ...(entries.length > 0 ? [sequence(...entries)] : []),
    explicit(
      0,
      sequence(
        sequence(
          oid(OID.authorityKeyIdentifier),
          octetString(sequence(tlv(0x80, keyIdentifier(ca.certificate.subjectPublicKeyInfo)))),
        ),
        sequence(oid(OID.cRLNumber), octetString(integer(options.crlNumber))),
      ),
    ),
  );
  const signature = await ca.signer.sign(tbs);
  return sequence(tbs, ca.signer.signatureAlgorithm, bitString(signature));
}

export interface ParsedCrl {
  der: Buffer;
  issuerRaw: Buffer;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  revoked: Map<string, { revokedAt: Date; reasonCode: number | undefined }>;
  /** Whether `issuer` signed this CRL. */
  isSignedBy(issuer: Certificate): boolean;
}

export function parseCrl(der: Uint8Array): ParsedCrl {
  try {
    const root = parse(der);
    const tbsElement = child(root, 0, 'tbsCertList');
    const signature = readBitString(child(root, 2, 'signature'));
    const fields = children(tbsElement);
    let index = fields[0]?.tag === Tag.integer ? 1 : 0;
    index++; // signature algorithm
    const issuerRaw = fields[index++]!.raw;
    const thisUpdate = readTime(fields[index++]!);
    let nextUpdate: Date | undefined;
    if (fields[index] && (fields[index]!.tag === Tag.utcTime || fields[index]!.tag === Tag.generalizedTime)) {
      nextUpdate = readTime(fields[index++]!);
    }
    const revoked = new Map<string, { revokedAt: Date; reasonCode: number | undefined }>();
    if (fields[index]?.tag === Tag.sequence) {
      for (const entry of children(fields[index]!)) {
        const parts = children(entry);
        let reasonCode: number | undefined;
        for (const ext of parts[2] ? children(parts[2]) : []) {
          const extParts = children(ext);
          if (readOid(extParts[0]!) === OID.cRLReason)
            reasonCode = parse(extParts[extParts.length - 1]!.content).content[0];
        }
        revoked.set(readInteger(parts[0]!).toString(16), { revokedAt: readTime(parts[1]!), reasonCode });
      }
    }
    const tbs = tbsElement.raw;
    const signedBy = new WeakMap<Certificate, boolean>();
    return {
      der: Buffer.from(der),
      issuerRaw: Buffer.from(issuerRaw),
      thisUpdate,
      nextUpdate,
      revoked,
      isSignedBy(issuer: Certificate): boolean {
        if (!issuerRaw.equals(issuer.subjectRaw)) return false;
        let signed = signedBy.get(issuer);
        if (signed === undefined) {
          signed = issuer.verifyData(tbs, signature);
          signedBy.set(issuer, signed);
        }
        return signed;
      },
    };
  } catch (error) {
    throw signatureError(
      'CRL_INVALID',
      '证书吊销列表（CRL）格式无效。',
      `Not a valid CRL (${(error as Error).message}).`,
    );
  }
}

export function crlToPem(der: Buffer): string {
  return `-----BEGIN X509 CRL-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END X509 CRL-----\n`;
}

/** Accepts DER or PEM. */
export function crlFromBytes(bytes: Uint8Array): ParsedCrl {
  const text = Buffer.from(bytes).toString('latin1');
  const match = /-----BEGIN X509 CRL-----([\s\S]+?)-----END X509 CRL-----/.exec(text);
  return parseCrl(match ? Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64') : bytes);
}
