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
