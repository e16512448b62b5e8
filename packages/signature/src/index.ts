/**
 * @oa/signature: PKI (root CA, agency seal and personal certificates, CRLs, PKCS#12 key
 * stores), seal records (电子印章), PDF signing (PAdES B-B, incremental updates, visible seals,
 * batch) and verification, and CMS detached signatures over arbitrary bytes (envelopes, receipts).
 */
export { signatureErrorCodes, type SignatureErrorCode } from './errors';
export { Certificate, issueCertificate, type CertificateProfile } from './pki/certificate';
export { distinguishedNameSchema, formatName, type DistinguishedName } from './pki/names';
export { SoftwareRsaSigner, type Signer } from './pki/signer';
export { generateRsaSigner } from './pki/keys';
export { createRootCa, unlockCa, issueKey, validityDays, type RootCa, type UnlockedCa, type IssuedKey } from './pki/ca';
export {
  issueCrl,
  parseCrl,
  crlFromBytes,
  crlToPem,
  revocationReasons,
  type RevocationReason,
  type RevokedEntry,
  type ParsedCrl,
} from './pki/crl';
export {
  createKeyStore,
  openKeyStore,
  openKeyStoreFile,
  assertCertificateUsable,
  minimumPinLength,
  type KeyStore,
} from './pki/keystore';
export {
  validateChain,
  type ChainResult,
  type TrustOptions,
  type ChainStatus,
  type RevocationStatus,
} from './pki/chain';
export { signBytes, type SignedAttribute } from './cms/sign';
export { signPdf, type PdfSignRequest, type SignaturePlacement } from './pdf/sign-pdf';
export { verifyBytes, type CmsVerification, type SignerSummary } from './verify/verify-cms';
export { findingCatalog, type Finding, type FindingCode, type Verdict, type Severity } from './verify/findings';
export {
  signOffPdf,
  sealPdf,
  signatureRoles,
  roleAttribute,
  type SignatureRole,
  type SignOffRequest,
  type SealRequest,
} from './pdf/roles';
export {
  createSealRecord,
  parseSealRecord,
  describeSealRecord,
  sealKinds,
  sealRecordInputSchema,
  type SealKind,
  type SealRecord,
  type SealRecordInput,
} from './seal/record';
export { generateRoundSeal, roundSealGeometry, type RoundSealOptions } from './seal/generate';
export { detectPictureType, pictureFingerprint, type SealPicture, type SealPictureType } from './seal/picture';
export {
  verifyPdf,
  parsePdfDate,
  acceptedSubFilters,
  type PdfVerificationReport,
  type PdfVerifyOptions,
  type PdfSignatureReport,
  type SealCheck,
} from './verify/verify-pdf';
export { verifyPdfByteRanges, type ByteRangeSignature } from './verify/verify-pdf-bytes';
export {
  signBatch,
  retryFailed,
  type BatchItem,
  type BatchAction,
  type BatchResult,
  type BatchEvent,
  type BatchReport,
} from './pdf/batch';
export { PkiStore, type IssuedEntry } from './store/pki-store';
/** Lower-level pieces for tools and tests that write their own incremental updates. */
export { appendIncrementalUpdate, type UpdateObject, type IncrementalUpdate } from './pdf/incremental';
export { loadPdf, type LoadedPdf } from './pdf/load';
export { sealAppearance } from './seal/picture';
export type { AppearanceBuilder } from './pdf/sign-pdf';
