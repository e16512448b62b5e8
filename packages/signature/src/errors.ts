import { OaError } from '@oa/shared';

/**
 * Stable error codes of the signature package. Callers match on the code; people read the
 * Chinese or English message. Messages never contain keys, PINs or passphrases.
 */
export const signatureErrorCodes = [
  'KEYSTORE_BAD_PIN',
  'KEYSTORE_WEAK_PIN',
  'KEYSTORE_INVALID',
  'KEYSTORE_NO_KEY',
  'CA_BAD_PASSPHRASE',
  'CA_INVALID',
  'CERT_INVALID',
  'CERT_REVOKED',
  'CERT_EXPIRED',
  'CERT_NOT_FOUND',
  'CRL_INVALID',
  'SUBJECT_INVALID',
  'PDF_NOT_A_PDF',
  'PDF_ENCRYPTED',
  'PDF_UNSUPPORTED',
  'PDF_FIELD_NOT_FOUND',
  'PDF_ALREADY_SIGNED',
  'PDF_PAGE_OUT_OF_RANGE',
  'SIGNATURE_TOO_LARGE',
  'CMS_INVALID',
  'SIGN_OFF_OPINION_INVALID',
  'SEAL_RECORD_INVALID',
  'SEAL_IMAGE_UNSUPPORTED',
  'SEAL_NOT_VALID_NOW',
  'SEAL_CERT_MISMATCH',
  'SEAL_POSITION_MISMATCH',
  'FONT_NOT_FOUND',
  'PKI_STORE_INVALID',
  'PKI_STORE_EXISTS',
] as const;
export type SignatureErrorCode = (typeof signatureErrorCodes)[number];

export function signatureError(
  code: SignatureErrorCode,
  zh: string,
  en: string,
  details?: Record<string, unknown>,
): OaError {
  return new OaError(code, { zh, en }, details);
}
