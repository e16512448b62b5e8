/**
 * The API table's method names, dependency-free so the Electron preload (which must stay
 * tiny and cannot load zod) can expose exactly these. contract.ts checks at compile time
 * that this list and the contract's keys are the same.
 */
import { exchangeMethodNames } from './exchange-method-names';
import { archiveJobMethodNames, signOffMethodNames } from './job-method-names';

export const methodNames = [
  'appInfo',
  'documentCount',
  'createLocalAccount',
  'unlock',
  'listColleagues',
  'loginWithHub',
  'lock',
  'currentAccount',
  'createDraft',
  'updateDraft',
  'getDocument',
  'listDocuments',
  'searchDocuments',
  'addAttachment',
  'listAttachments',
  'getAttachmentData',
  'getSetting',
  'setSetting',
  'listOutbox',
  'syncStatus',
  'syncNow',
  'listConflicts',
  'dismissConflict',
  'getDraftBody',
  'editDraftBody',
  'applyDraftUpdate',
  'snapshotDraft',
  'listSnapshots',
  'diffSnapshots',
  'startWorkflow',
  'actOnWorkflow',
  'getWorkflow',
  'documentWorkflows',
  'listTasks',
  'previewDocument',
  'previewSavedDocument',
  'importDocx',
  'warmPreview',
  'archiveDocuments',
  'searchArchive',
  'viewArchivedItem',
  'exportArchive',
  'joinDraftRoom',
  'leaveDraftRoom',
  'draftPresence',
  'setDraftCursor',
  'pushDraftUpdate',
  'pullDraftUpdates',
  ...exchangeMethodNames,
  ...signOffMethodNames,
  ...archiveJobMethodNames,
] as const;

export type MethodName = (typeof methodNames)[number];
