import {
  assignActionSchema,
  chaseActionSchema,
  completeActionSchema,
  documentKinds,
  isoTimeSchema,
  personSchema,
  returnActionSchema,
  returnToSenderActionSchema,
  workflowDirections,
  workflowRoleSchema,
} from '@oa/shared';
import { z } from 'zod';
import { exchangeContract } from './exchange-contract';
import { method, type MethodSpec } from './method-spec';
import { methodNames, type MethodName } from './method-names';
import { draftRoomContract } from './rooms-contract';
import { signOffContract } from './sign-off-contract';
import { archiveDocumentsInput, archiveJobsContract, exportArchiveInput } from './archive-jobs-contract';
import type {
  AccountView,
  AppInfo,
  AttachmentView,
  ColleagueView,
  ConflictView,
  DocumentSummary,
  DocumentView,
  DraftBodyView,
  AccessLogEntry,
  ArchiveOutcome,
  ArchivedItemView,
  ExportView,
  OutboxEntryView,
  PreviewView,
  SavedPreviewView,
  WarmPreviewView,
  DocxImportView,
  RevisionChange,
  SearchHit,
  SnapshotView,
  SyncStatusView,
  TaskListItem,
  WorkflowView,
} from './views';

/**
 * The desktop API table's contract (ARCHITECTURE.md "One API table, three transports"):
 * each method's name, its zod input schema and its output type. src/core implements it
 * (core/api/table.ts), Electron IPC, the web host and tests carry it, and the renderer calls
 * it through createApiClient. Only zod and @oa/shared here: the renderer imports this.
 */

const id = z.string().trim().min(1).max(200);
const empty = z.object({}).strict();
const login = z.string().trim().min(1).max(100);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

/** A workflow action as the UI sends it: the actor and the time are added by the core. */
const byCore = { actor: true, at: true } as const;
export const workflowActionInputSchema = z.discriminatedUnion('type', [
  completeActionSchema.omit(byCore),
  returnActionSchema.omit(byCore),
  returnToSenderActionSchema.omit(byCore),
  assignActionSchema.omit(byCore),
  chaseActionSchema.omit(byCore),
]);
export type WorkflowActionInput = z.input<typeof workflowActionInputSchema>;

export const desktopApiContract = {
  appInfo: method<AppInfo>()(empty),
  documentCount: method<{ count: number }>()(empty),

  createLocalAccount: method<AccountView>()(
    z
      .object({
        login,
        displayName: z.string().trim().min(1).max(100),
        password: z.string().max(1024),
        roles: z.array(workflowRoleSchema).max(20).default([]),
      })
      .strict(),
  ),
  unlock: method<AccountView>()(z.object({ login, password: z.string().max(1024) }).strict()),
  /**
   * 联网登录 against the hub (password checked there). Keeps a local verifier for offline unlock
   * and the session for sync; name and roles are needed on a computer's first login only.
   */
  /** The people of the signed-in person's agency (from the hub), to invite or route a step to. */
  listColleagues: method<ColleagueView[]>()(z.object({}).strict()),
  loginWithHub: method<AccountView>()(
    z
      .object({
        hubUrl: z.url({ protocol: /^https?$/ }),
        login,
        password: z.string().min(1).max(1024),
        displayName: z.string().trim().min(1).max(100).optional(),
        roles: z.array(workflowRoleSchema).min(1).max(20).optional(),
      })
      .strict(),
  ),
  lock: method<{ locked: true }>()(empty),
  currentAccount: method<AccountView | null>()(empty),

  createDraft: method<DocumentView>()(z.object({ document: z.unknown() }).strict()),
  updateDraft: method<DocumentView>()(
    z
      .object({
        id,
        revision: z.number().int().positive(),
        document: z.unknown(),
        /**
         * The body is edited live (pushDraftUpdate): keep the draft's body as it is (it may hold a
         * colleague's latest edits) and take only the other elements from `document`.
         */
        keepBody: z.boolean().default(false),
      })
      .strict(),
  ),
  getDocument: method<DocumentView>()(z.object({ id }).strict()),
  listDocuments: method<DocumentSummary[]>()(
    z
      .object({
        stage: z.enum(['draft', 'final']).optional(),
        kind: z.enum(documentKinds).optional(),
        limit: z.number().int().positive().max(500).default(100),
        offset: z.number().int().nonnegative().default(0),
      })
      .strict(),
  ),
  searchDocuments: method<SearchHit[]>()(
    z
      .object({ query: z.string().trim().min(1).max(200), limit: z.number().int().positive().max(200).default(50) })
      .strict(),
  ),

  addAttachment: method<AttachmentView>()(
    z
      .object({
        documentId: id,
        name: z.string().trim().min(1).max(255),
        mediaType: z.string().trim().min(1).max(100),
        dataBase64: base64,
      })
      .strict(),
  ),
  listAttachments: method<AttachmentView[]>()(z.object({ documentId: id }).strict()),
  /** An attachment's bytes (base64), checked against their hash on the way out. */
  getAttachmentData: method<AttachmentView & { dataBase64: string }>()(z.object({ id }).strict()),

  getSetting: method<{ key: string; value: unknown }>()(z.object({ key: id }).strict()),
  setSetting: method<{ key: string; value: unknown }>()(z.object({ key: id, value: z.unknown() }).strict()),

  listOutbox: method<OutboxEntryView[]>()(
    z.object({ limit: z.number().int().positive().max(1000).default(200) }).strict(),
  ),

  syncStatus: method<SyncStatusView>()(z.object({}).strict()),
  /** Pushes and pulls now (instead of waiting for the next automatic round). */
  syncNow: method<SyncStatusView>()(z.object({}).strict()),
  listConflicts: method<ConflictView[]>()(z.object({ includeDismissed: z.boolean().default(false) }).strict()),
  dismissConflict: method<{ dismissed: true }>()(z.object({ id }).strict()),

  getDraftBody: method<DraftBodyView>()(z.object({ documentId: id }).strict()),
  editDraftBody: method<DraftBodyView>()(
    z
      .object({
        documentId: id,
        /** Character offset into the body text. */
        index: z.number().int().nonnegative(),
        deleteCount: z.number().int().nonnegative().default(0),
        insert: z.string().max(100_000).default(''),
      })
      .strict(),
  ),
  applyDraftUpdate: method<DraftBodyView>()(z.object({ documentId: id, update: base64 }).strict()),
  snapshotDraft: method<SnapshotView>()(
    z.object({ documentId: id, label: z.string().trim().min(1).max(100), stepId: id.optional() }).strict(),
  ),
  listSnapshots: method<SnapshotView[]>()(z.object({ documentId: id }).strict()),
  diffSnapshots: method<RevisionChange[]>()(z.object({ documentId: id, from: id, to: id }).strict()),

  startWorkflow: method<WorkflowView>()(
    z
      .object({
        documentId: id,
        direction: z.enum(workflowDirections),
        /** An agency's own definition; the default one of the direction otherwise. */
        definition: z.object({ id, version: z.number().int().positive() }).optional(),
        assignees: z.array(personSchema).min(1).optional(),
        dueAt: isoTimeSchema.optional(),
        opinion: z.string().max(2000).optional(),
      })
      .strict(),
  ),
  actOnWorkflow: method<WorkflowView>()(
    z
      .object({
        instanceId: id,
        /** The version the user saw; a different one is refused (someone acted meanwhile). */
        expectedVersion: z.number().int().nonnegative().optional(),
        action: workflowActionInputSchema,
      })
      .strict(),
  ),
  getWorkflow: method<WorkflowView>()(z.object({ instanceId: id }).strict()),
  documentWorkflows: method<WorkflowView[]>()(z.object({ documentId: id }).strict()),
  listTasks: method<TaskListItem[]>()(
    z
      .object({
        box: z.enum(['todo', 'done', 'to-read', 'drafted', 'overdue']),
        limit: z.number().int().positive().max(500).default(100),
      })
      .strict(),
  ),
  /** Typesets the document as given (draft stage) in a worker thread: the live preview. */
  previewDocument: method<PreviewView>()(z.object({ document: z.unknown() }).strict()),
  /**
   * Typesets a saved document as it is stored now (a draft's body as its live copy has it), so
   * a screen can ask for the preview in the same moment as for the document's other data.
   */
  previewSavedDocument: method<SavedPreviewView>()(z.object({ documentId: id }).strict()),
  /**
   * 导入 Word 文档: a .docx (bytes, base64) read into body blocks for the drafting screen, which
   * adds them to what is typed (nothing typed is replaced). Nothing is stored by this call.
   */
  importDocx: method<DocxImportView>()(z.object({ dataBase64: base64 }).strict()),
  /**
   * Readies the typesetting worker (fonts, compiled code) after sign-in; resolves when it is warm,
   * with the sample it typeset (so the renderer can warm pdf.js on it too).
   */
  warmPreview: method<WarmPreviewView>()(z.object({}).strict()),

  /**
   * 归档: archives documents waiting at the 归档 step with the 归档章 signed by the key store at
   * `keyStorePath` (opened with `pin`, which is used for this call only and never stored or logged).
   */
  archiveDocuments: method<ArchiveOutcome[]>()(archiveDocumentsInput),
  searchArchive: method<ArchivedItemView[]>()(
    z
      .object({
        text: z.string().trim().min(1).max(200).optional(),
        year: z.number().int().min(1900).max(2200).optional(),
      })
      .strict(),
  ),
  viewArchivedItem: method<{ item: ArchivedItemView; log: AccessLogEntry[] }>()(
    z.object({ archivalCode: id, purpose: z.string().trim().min(1).max(200) }).strict(),
  ),
  /**
   * Exports items as one signed EEP package into `outDir` (signed with the key store, PIN for this
   * call only) and runs 四性检测 on it, trusting the root of the key's own chain.
   */
  exportArchive: method<ExportView>()(exportArchiveInput),

  ...draftRoomContract,
  ...exchangeContract,
  ...signOffContract,
  ...archiveJobsContract,
} as const;

export type DesktopApiContract = typeof desktopApiContract;
export type DesktopMethod = keyof DesktopApiContract;
export type MethodInput<M extends DesktopMethod> = z.input<DesktopApiContract[M]['input']>;
export type ParsedInput<M extends DesktopMethod> = z.output<DesktopApiContract[M]['input']>;
export type MethodOutput<M extends DesktopMethod> =
  DesktopApiContract[M] extends MethodSpec<z.ZodType, infer R> ? R : never;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time check: the preload's dependency-free name list is exactly the contract's keys. */
const namesMatch: Same<DesktopMethod, MethodName> = true;

/** Every method name, in a stable order (the preload and IPC register these). */
export const desktopMethods: readonly DesktopMethod[] = namesMatch ? methodNames : [];

export function isDesktopMethod(name: string): name is DesktopMethod {
  return Object.prototype.hasOwnProperty.call(desktopApiContract, name);
}
