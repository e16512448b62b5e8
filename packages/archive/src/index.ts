/** @oa/archive: records archiving (归档) under DA/T 22, 48 and 70. */
export { ArchiveCatalog } from './catalog';
export type {
  ArchiveFile,
  ArchiveFileInput,
  ArchiveFileRole,
  ArchiveRequest,
  ArchiveSearch,
  ArchivedItem,
  NumberingGap,
} from './catalog';
export { BlobStore, sha256Hex } from './blob-store';
export { archiveErrors } from './errors';
export * from './eep/description';
export { buildEepXml, buildSignedObjectXml, extractSignedObjectXml, parseEepXml } from './eep/eep-xml';
export * from './check/report';
export { checkPackage, checkPackages, type PackageCheckOptions } from './check/check-package';
export { checkCatalog, type CatalogCheckOptions } from './check/check-catalog';
export { renderReportHtml } from './check/render-report';
export { clamAvScanner, type VirusScanner } from './check/tools';
export { allowedMediaTypes } from './check/item-checks';
export { exportPackage, type ExportRequest, type ExportResult } from './package/export-package';
export { handlingRecordSchema, type HandlingRecord } from './record';
export type {
  PackageSigner,
  PackageSignatureVerifier,
  PdfSignatureVerifier,
  PdfSignatureReport,
  SignatureStatus,
} from './trust';
export { packageSignerFromKey, packageVerifierFromTrust, pdfVerifierFromTrust } from './signature-adapters';
export { archiveRequestFromDocument, type ArchivingPlace } from './from-document';
export { stampArchivePdf, archiveStampCells, archiveStampGeometry, type StampRequest } from './stamp/archive-stamp';
export { stampFont, stampCharacters } from './stamp/stamp-font';
export { archiveWithStamp } from './stamp/archive-stamped';
export { parseArchiveMetadata } from './catalog';
