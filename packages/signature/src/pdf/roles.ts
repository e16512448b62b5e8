import { signatureError } from '../errors';
import { attributeValue, type SignedAttribute } from '../cms/sign';
import { OID } from '../asn1/oids';
import { assertCertificateUsable, type KeyStore } from '../pki/keystore';
import { sealAppearance } from '../seal/picture';
import { sealKinds, type SealRecord } from '../seal/record';
import { signPdf, type SignaturePlacement } from './sign-pdf';

/** Why a signature was made; travels as a signed attribute and is reported by the verifier. */
export const signatureRoles = {
  'sign-off': { zh: '签发', en: 'sign-off' },
  seal: { zh: '盖章', en: 'agency seal' },
} as const;
export type SignatureRole = keyof typeof signatureRoles;

export const roleAttribute = (role: SignatureRole): SignedAttribute => ({
  type: OID.signatureRoleAttribute,
  value: attributeValue.utf8(role),
});

export interface SignOffRequest {
  keyStore: KeyStore;
  /** The leader's opinion (签发意见), e.g. 同意印发。 */
  opinion: string;
  signingTime?: Date;
  /** Default invisible; a rectangle or field to show it. */
  placement?: SignaturePlacement;
}

/** A leader's sign-off (签发): an invisible signature carrying the opinion text (signed). */
export async function signOffPdf(pdf: Uint8Array, request: SignOffRequest): Promise<Buffer> {
  assertCertificateUsable(request.keyStore, request.signingTime ?? new Date());
  const opinion = request.opinion.trim();
  if (opinion.length === 0 || opinion.length > 500) {
    throw signatureError(
      'PDF_UNSUPPORTED',
      '签发意见须为 1 至 500 个字。',
      'The sign-off opinion must have 1 to 500 characters.',
    );
  }
  return signPdf(pdf, {
    keyStore: request.keyStore,
    placement: { kind: 'invisible' },
    reason: opinion,
    fieldName: 'SignOff',
    attributes: [roleAttribute('sign-off'), { type: OID.signOffOpinionAttribute, value: attributeValue.utf8(opinion) }],
    ...(request.signingTime ? { signingTime: request.signingTime } : {}),
  });
}

export interface SealRequest {
  keyStore: KeyStore;
  record: SealRecord;
  /** The typesetter's seal field or position, or explicit coordinates. */
  placement: Exclude<SignaturePlacement, { kind: 'invisible' }>;
  signingTime?: Date;
}

/** Stamps the agency seal: a visible signature whose appearance is the registered seal image. */
export async function sealPdf(pdf: Uint8Array, request: SealRequest): Promise<Buffer> {
  const { record, keyStore } = request;
  const now = request.signingTime ?? new Date();
  assertCertificateUsable(keyStore, now);
  if (!record.makerSignatureValid) {
    throw signatureError(
      'SEAL_RECORD_INVALID',
      `印章“${record.name}”的登记签名无效。`,
      `The seal record "${record.name}" has an invalid maker signature.`,
    );
  }
  if (!record.holderCertificate.der.equals(keyStore.certificate.der)) {
    throw signatureError(
      'SEAL_CERT_MISMATCH',
      `印章“${record.name}”绑定的证书不是当前证书库的证书。`,
      `The seal "${record.name}" is bound to a different certificate than this key store's.`,
    );
  }
  const position = request.placement.kind === 'seal-position' ? request.placement.position : undefined;
  if (position && position.issuerCode !== '' && position.issuerCode !== record.agencyCode) {
    throw signatureError(
      'SEAL_POSITION_MISMATCH',
      `此盖章位置属于“${position.issuerName}”（${position.issuerCode}），不能加盖“${record.agencyName}”的印章。`,
      `This seal position belongs to ${position.issuerName} (${position.issuerCode}), not to ${record.agencyName}.`,
    );
  }
  if (now < record.validFrom || now > record.validTo) {
    throw signatureError(
      'SEAL_NOT_VALID_NOW',
      `印章“${record.name}”不在有效期内（${record.validFrom.toISOString().slice(0, 10)} 至 ${record.validTo.toISOString().slice(0, 10)}）。`,
      `The seal "${record.name}" is not valid now (${record.validFrom.toISOString().slice(0, 10)} to ${record.validTo.toISOString().slice(0, 10)}).`,
    );
  }
  return signPdf(pdf, {
    keyStore,
    placement: request.placement,
    appearance: sealAppearance(record.picture),
    reason: `加盖${sealKinds[record.kind].zh}：${record.name}`,
    fieldName: `Seal-${record.id}`,
    signingTime: now,
    attributes: [roleAttribute('seal'), { type: OID.sealRecordAttribute, value: attributeValue.der(record.der) }],
  });
}
