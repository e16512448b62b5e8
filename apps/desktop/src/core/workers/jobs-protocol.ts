import type { ArchivingPlace } from '@oa/archive';
import type { GongwenDocument } from '@oa/shared';
import type { ExportView } from '../../api-contract';

/** A key store to open in the jobs worker: the file, its PIN, and the catalogue it will archive into. */
export interface OpenKeyInput {
  keyStorePath: string;
  pin: string;
  /** The archive catalogue's folder, for 归档 with this key (opened in the worker with it). */
  catalogDir?: string;
}

/** 签发稿: the typeset PDF of the document as it stands (dated), to sign with the opened key. */
export interface SignOffInput {
  keyId: string;
  pdf: Uint8Array;
  opinion: string;
  signingTime: Date;
}

/** One 归档 item: the final document and its typeset PDF, stamped with the 归档章 and recorded in the catalogue. */
export interface ArchiveItemInput {
  keyId: string;
  /** The validated final document (成文日期 set). */
  document: GongwenDocument;
  pdf: Uint8Array;
  place: ArchivingPlace;
  /** The handling record (办理过程), JSON. */
  record: Uint8Array;
  actor: string;
  at: string;
}

/** The whole export of an EEP package and its 四性检测. */
export interface ExportInput {
  keyStorePath: string;
  pin: string;
  catalogDir: string;
  archivalCodes: string[];
  outDir: string;
  actor: string;
  at: string;
}

/** Export progress, in this order: started (key store open, folder writable), packed per item, checking. */
export type ExportProgress =
  { type: 'started' } | { type: 'packed'; done: number; total: number } | { type: 'checking' };

/** The jobs worker's requests (see protocol.ts). A key lives in the worker from `openKey` to `dropKey`. */
export type JobsProtocol = {
  openKey: { input: OpenKeyInput; progress: never; output: { keyId: string } };
  dropKey: { input: { keyId: string }; progress: never; output: { dropped: boolean } };
  signOff: { input: SignOffInput; progress: never; output: { pdf: Uint8Array } };
  archiveItem: { input: ArchiveItemInput; progress: never; output: { archivalCode: string } };
  exportPackage: { input: ExportInput; progress: ExportProgress; output: ExportView };
};
