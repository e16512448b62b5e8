import { createHash } from 'node:crypto';
import { z } from 'zod';
import { checkUscc } from '@oa/shared';
import {
  bitString,
  boolean,
  child,
  children,
  generalizedTime,
  ia5String,
  integer,
  octetString,
  oid,
  parse,
  printableString,
  readBitString,
  readInteger,
  readOid,
  readString,
  readTime,
  sequence,
  utf8String,
  type Element,
} from '../asn1/der';
import { OID } from '../asn1/oids';
import { signatureError } from '../errors';
import type { UnlockedCa } from '../pki/ca';
import { Certificate } from '../pki/certificate';
import { validateChain, type TrustOptions } from '../pki/chain';
import { checkPicture, pictureFingerprint, type SealPicture, type SealPictureType } from './picture';

/**
 * Seal kinds (印章种类) with their GB/T 38540 seal type (1 = 单位印章 organisation seal,
 * 2 = 个人印章 personal seal).
 */
export const sealKinds = {
  official: { zh: '公章', en: 'official seal', sesType: 1 },
  document: { zh: '发文专用章', en: 'document-issuing seal', sesType: 1 },
  contract: { zh: '合同专用章', en: 'contract seal', sesType: 1 },
  finance: { zh: '财务专用章', en: 'finance seal', sesType: 1 },
  personal: { zh: '个人签名章', en: 'personal signature seal', sesType: 2 },
} as const;
export type SealKind = keyof typeof sealKinds;

/** SES_Header (GB/T 38540): ID "ES", version 4, vendor id. */
const sesHeader = { id: 'ES', version: 4, vendorId: 'OA-GONGWEN' } as const;

export const sealRecordInputSchema = z.object({
  /** Seal id (esID): ASCII, e.g. the agency code and a number. */
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'seal id: 1–64 letters, digits, . _ -'),
  kind: z.enum(Object.keys(sealKinds) as [SealKind, ...SealKind[]]),
  /** Seal name as engraved, e.g. 江宁市人民政府办公室 or 发文专用章. */
  name: z.string().min(1).max(64),
  agencyName: z.string().min(1).max(64),
  agencyCode: z.string().refine((c) => checkUscc(c).length === 0, 'not a valid 统一社会信用代码 (GB 32100)'),
  validFrom: z.date(),
  validTo: z.date(),
});
export type SealRecordInput = z.infer<typeof sealRecordInputSchema>;

/** A registered seal: GB/T 38540 SES_Seal-like, signed by its maker (the CA). */
export interface SealRecord extends SealRecordInput {
  picture: SealPicture;
  createdAt: Date;
  /** The holder's (seal key's) certificate: the seal may only be applied with this key. */
  holderCertificate: Certificate;
  /** The maker's certificate (the CA that registered the seal). */
  makerCertificate: Certificate;
  /** SHA-256 of the picture file, hex. */
  pictureHash: string;
  /** What the stamp looks like (see pictureFingerprint). */
  pictureFingerprint: string;
  /** The whole record, DER; travels inside the signature. */
  der: Buffer;
  /** Whether the maker's signature over the seal info verifies. */
  makerSignatureValid: boolean;
}

const invalid = (why: string, whyEn: string): Error =>
  signatureError('SEAL_RECORD_INVALID', `印章数据无效：${why}。`, `Invalid seal record: ${whyEn}.`);

function sealInfo(input: SealRecordInput, picture: SealPicture, holder: Certificate, createdAt: Date): Buffer {
  const agency = sequence(utf8String(input.agencyName), printableString(input.agencyCode), utf8String(input.kind));
  return sequence(
    sequence(ia5String(sesHeader.id), integer(sesHeader.version), ia5String(sesHeader.vendorId)),
    ia5String(input.id),
    sequence(
      integer(sealKinds[input.kind].sesType),
      utf8String(input.name),
      integer(1), // certListType 1: a list of certificates
      sequence(octetString(holder.der)),
      generalizedTime(createdAt),
      generalizedTime(input.validFrom),
      generalizedTime(input.validTo),
    ),
    sequence(
      ia5String(picture.type.toUpperCase()),
      octetString(picture.data),
      integer(Math.round(picture.widthMm)),
      integer(Math.round(picture.heightMm)),
    ),
    sequence(sequence(oid(OID.sealAgencyExtension), boolean(false), octetString(agency))),
  );
}

/**
 * Registers a seal: the CA (maker) signs the seal info that binds picture, name, agency and
 * the holder's certificate. The holder certificate must be issued by this CA and, for an
 * organisation seal, name the same 统一社会信用代码.
 */
export async function createSealRecord(
  maker: UnlockedCa,
  input: SealRecordInput,
  picture: SealPicture,
  holderCertificate: Certificate,
  createdAt = new Date(),
): Promise<SealRecord> {
  const parsed = sealRecordInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`${issue?.path.join('.')} ${issue?.message}`, `${issue?.path.join('.')} ${issue?.message}`);
  }
  const data = parsed.data;
  checkPicture(picture);
  if (!holderCertificate.isSignedBy(maker.certificate))
    throw invalid('持有者证书不是本 CA 签发的', 'the holder certificate was not issued by this CA');
  if (sealKinds[data.kind].sesType === 1 && holderCertificate.subject.organizationIdentifier !== data.agencyCode) {
    throw signatureError(
      'SEAL_CERT_MISMATCH',
      '印章证书的统一社会信用代码与印章登记的机关不一致。',
      "The seal certificate's unified social credit code differs from the agency the seal is registered for.",
    );
  }
  if (data.validFrom >= data.validTo) throw invalid('有效期起始时间晚于结束时间', 'validity starts after it ends');
  if (data.validTo > holderCertificate.notAfter)
    throw invalid('印章有效期超出证书有效期', 'the seal validity exceeds the certificate validity');
  const info = sealInfo(data, picture, holderCertificate, createdAt);
  const signature = await maker.signer.sign(info);
  const der = sequence(
    info,
    octetString(maker.certificate.der),
    oid(OID.sha256WithRSAEncryption),
    bitString(signature),
  );
  return parseSealRecord(der);
}

function field(element: Element, index: number, what: string): Element {
  return child(element, index, what);
}

/** Parses a seal record and checks the maker's signature over it (does not decide trust). */
export function parseSealRecord(der: Uint8Array): SealRecord {
  try {
    const root = parse(der);
    const info = field(root, 0, 'eSealInfo');
    const makerCertificate = Certificate.fromDer(field(root, 1, 'cert').content);
    const signAlgorithm = readOid(field(root, 2, 'signAlgID'));
    const signedValue = readBitString(field(root, 3, 'signedValue'));
    const [header, esId, property, pictureElement, extDatas] = children(info);
    if (!header || !esId || !property || !pictureElement) throw new Error('incomplete seal info');
    if (readString(field(header, 0, 'header.id')) !== sesHeader.id) throw new Error('header id is not ES');
    const props = children(property);
    const holderCertificate = Certificate.fromDer(child(props[3]!, 0, 'certList').content);
    const pictureParts = children(pictureElement);
    const type = readString(pictureParts[0]!).toLowerCase();
    if (type !== 'png' && type !== 'svg') throw new Error(`picture type ${type}`);
    const picture: SealPicture = {
      type: type as SealPictureType,
      data: Buffer.from(pictureParts[1]!.content),
      widthMm: Number(readInteger(pictureParts[2]!)),
      heightMm: Number(readInteger(pictureParts[3]!)),
    };
    let agency: Element | undefined;
    for (const ext of extDatas ? children(extDatas) : []) {
      if (readOid(child(ext, 0)) === OID.sealAgencyExtension) agency = parse(children(ext).at(-1)!.content);
    }
    if (!agency) throw new Error('no agency extension');
    const [agencyName, agencyCode, kind] = children(agency).map(readString);
    if (!kind || !(kind in sealKinds)) throw new Error(`seal kind ${kind}`);
    const makerSignatureValid =
      signAlgorithm === OID.sha256WithRSAEncryption &&
      (() => {
        try {
          return makerCertificate.verifyData(info.raw, signedValue);
        } catch {
          return false;
        }
      })();
    return {
      id: readString(esId),
      kind: kind as SealKind,
      name: readString(props[1]!),
      agencyName: agencyName!,
      agencyCode: agencyCode!,
      createdAt: readTime(props[4]!),
      validFrom: readTime(props[5]!),
      validTo: readTime(props[6]!),
      picture,
      holderCertificate,
      makerCertificate,
      pictureHash: createHash('sha256').update(picture.data).digest('hex'),
      pictureFingerprint: pictureFingerprint(picture),
      der: Buffer.from(der),
      makerSignatureValid,
    };
  } catch (error) {
    if ((error as { code?: string }).code === 'SEAL_RECORD_INVALID') throw error;
    throw invalid('无法解析', `cannot be parsed (${(error as Error).message})`);
  }
}

/** Checks that a seal record was made by a trusted maker (its certificate chains to a trusted root). */
export function sealRecordTrusted(record: SealRecord, trust: TrustOptions, at: Date): boolean {
  if (!record.makerSignatureValid) return false;
  const chain = validateChain(record.makerCertificate, [], trust, at);
  return chain.status === 'trusted';
}

/** A short description for people and JSON reports. */
export function describeSealRecord(record: SealRecord): Record<string, string> {
  return {
    id: record.id,
    kind: record.kind,
    kindName: sealKinds[record.kind].zh,
    name: record.name,
    agencyName: record.agencyName,
    agencyCode: record.agencyCode,
    validFrom: record.validFrom.toISOString(),
    validTo: record.validTo.toISOString(),
    pictureType: record.picture.type,
    pictureHash: record.pictureHash,
    holder: record.holderCertificate.subjectText,
    holderSerial: record.holderCertificate.serialHex,
    maker: record.makerCertificate.subjectText,
  };
}
