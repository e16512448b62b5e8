import desktopPackage from '../../../package.json';
import type { AccountView, DesktopMethod, MethodOutput, ParsedInput } from '../../api-contract';
import { listColleagues } from '../accounts/colleagues';
import { loginWithHub } from '../accounts/hub-login';
import { schemaVersion } from '../db/migrations';
import type { DesktopCore } from '../core';
import { importDocx } from '../drafts/docx-import';
import { diffSnapshots, listSnapshots, takeSnapshot } from '../drafts/revisions';
import { addAttachment, attachmentData, listAttachments } from '../store/attachments';
import { countDocuments, documentContent, getDocument, listDocuments } from '../store/documents';
import { listOutbox } from '../store/outbox';
import { dismissConflict, listConflicts } from '../sync/conflicts';
import { searchDocuments } from '../store/search';
import { getSetting, setSetting } from '../store/settings';
import { listTasks } from '../workflow/task-lists';
import { draftRoomHandlers } from './rooms-handlers';
import { exchangeApi } from './exchange-table';

/** The version reported by appInfo: the package's. */
export const desktopVersion: string = desktopPackage.version;

export type Handler<M extends DesktopMethod> = (
  core: DesktopCore,
  input: ParsedInput<M>,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** The API table: one handler per method of the contract, each calling the core services. */
export type DesktopApi = { [M in DesktopMethod]: Handler<M> };

function bodyView(core: DesktopCore, documentId: string) {
  const blocks = core.bodies.blocks(documentId);
  return { documentId, blocks, text: blocks.map((block) => block.text).join('\n') };
}

/** A person linked to the hub syncs by themself from unlock to lock (every 30 s, backing off offline). */
function withBackgroundSync(core: DesktopCore, account: AccountView): AccountView {
  if (account.hubLinked) core.sync.start();
  return account;
}

export const desktopApi: DesktopApi = {
  appInfo: (core) => ({
    version: desktopVersion,
    dataDir: core.context.dataDir,
    deviceId: core.context.deviceId,
    schemaVersion,
    documentCount: countDocuments(core.context),
    accountCount: core.accounts.count(),
  }),
  documentCount: (core) => ({ count: countDocuments(core.context) }),

  createLocalAccount: (core, input) => core.accounts.create(input),
  unlock: async (core, input) => withBackgroundSync(core, await core.accounts.unlock(input.login, input.password)),
  listColleagues: (core) => listColleagues(core.context, core.accounts),
  loginWithHub: async (core, input) => withBackgroundSync(core, await loginWithHub(core.accounts, input)),
  lock: (core) => {
    core.sync.stop();
    core.accounts.lock();
    return { locked: true };
  },
  currentAccount: (core) => core.accounts.currentAccount(),

  createDraft: (core, input) => core.documents.createDraft(core.accounts.requireCurrent(), input.document),
  updateDraft: (core, input) =>
    core.documents.updateDraft(core.accounts.requireCurrent(), input.id, input.revision, input.document, {
      keepBody: input.keepBody,
    }),
  getDocument: (core, input) => {
    core.accounts.requireCurrent();
    const { document: _document, ...view } = getDocument(core.context, input.id);
    return view;
  },
  listDocuments: (core, input) => {
    core.accounts.requireCurrent();
    return listDocuments(core.context, input);
  },
  searchDocuments: (core, input) => {
    core.accounts.requireCurrent();
    return searchDocuments(core.context, input.query, input.limit);
  },

  addAttachment: (core, input) => {
    const person = core.accounts.requireCurrent();
    return addAttachment(core.context, {
      documentId: input.documentId,
      name: input.name,
      mediaType: input.mediaType,
      bytes: Buffer.from(input.dataBase64, 'base64'),
      actorId: person.id,
    });
  },
  listAttachments: (core, input) => {
    core.accounts.requireCurrent();
    return listAttachments(core.context, input.documentId);
  },

  getAttachmentData: (core, input) => {
    core.accounts.requireCurrent();
    const { bytes, ...view } = attachmentData(core.context, input.id);
    return { ...view, dataBase64: bytes.toString('base64') };
  },

  getSetting: (core, input) => ({ key: input.key, value: getSetting(core.context, input.key) }),
  setSetting: (core, input) => {
    core.accounts.requireCurrent();
    return { key: input.key, value: setSetting(core.context, input.key, input.value) };
  },

  syncStatus: (core) => core.sync.status(),
  syncNow: (core) => core.sync.syncNow(),
  listConflicts: (core, input) => {
    core.accounts.requireCurrent();
    return listConflicts(core.context, input.includeDismissed);
  },
  dismissConflict: (core, input) => {
    core.accounts.requireCurrent();
    dismissConflict(core.context, input.id);
    return { dismissed: true };
  },
  listOutbox: (core, input) => {
    core.accounts.requireCurrent();
    return listOutbox(core.context, input.limit);
  },

  getDraftBody: (core, input) => {
    core.accounts.requireCurrent();
    return bodyView(core, input.documentId);
  },
  editDraftBody: (core, input) => {
    core.bodies.edit(input.documentId, core.accounts.requireCurrent(), input);
    return bodyView(core, input.documentId);
  },
  applyDraftUpdate: (core, input) => {
    const person = core.accounts.requireCurrent();
    core.bodies.apply(input.documentId, Buffer.from(input.update, 'base64'), person, 'local');
    return bodyView(core, input.documentId);
  },
  snapshotDraft: (core, input) =>
    takeSnapshot(core.context, core.bodies, { ...input, person: core.accounts.requireCurrent() }),
  listSnapshots: (core, input) => {
    core.accounts.requireCurrent();
    return listSnapshots(core.context, input.documentId);
  },
  diffSnapshots: (core, input) => {
    core.accounts.requireCurrent();
    return diffSnapshots(core.context, core.bodies, input);
  },

  startWorkflow: (core, input) => core.workflows.start(core.accounts.requireActor(), input),
  actOnWorkflow: (core, input) => core.workflows.act(core.accounts.requireActor(), input),
  getWorkflow: (core, input) => core.workflows.view(core.accounts.requireActor(), input.instanceId),
  documentWorkflows: (core, input) => core.workflows.forDocument(core.accounts.requireActor(), input.documentId),
  listTasks: (core, input) => listTasks(core.context, core.accounts.requireActor(), input.box, input.limit),
  previewDocument: (core, input) => {
    core.accounts.requireCurrent();
    return core.previewer.preview(input.document);
  },
  previewSavedDocument: async (core, input) => {
    core.accounts.requireCurrent();
    const content = documentContent(core.context, input.documentId);
    const { pdfBase64, pageCount, millis } = await core.previewer.preview(content);
    return { pdfBase64, pageCount, millis, content };
  },
  importDocx: (core, input) => {
    core.accounts.requireCurrent();
    return importDocx(Buffer.from(input.dataBase64, 'base64'));
  },
  warmPreview: (core) => {
    core.accounts.requireCurrent();
    return core.previewer.warm();
  },
  archiveDocuments: (core, input) => core.archive.archive(core.accounts.requireActor(), input),
  searchArchive: (core, input) => {
    core.accounts.requireCurrent();
    return core.archive.search(input);
  },
  viewArchivedItem: (core, input) => core.archive.view(core.accounts.requireActor(), input),
  exportArchive: (core, input) => core.archive.exportPackage(core.accounts.requireActor(), input),
  startSignOff: (core, input) => core.signOff.start(core.accounts.requireActor(), input),
  signOffProgress: (core, input) => core.signOff.progress(core.accounts.requireActor(), input.jobId),
  startArchiving: (core, input) => core.archiveJobs.startArchiving(core.accounts.requireActor(), input),
  startArchiveExport: (core, input) => core.archiveJobs.startExport(core.accounts.requireActor(), input),
  archiveJob: (core, input) => core.archiveJobs.view(core.accounts.requireActor(), input.jobId),
  ...draftRoomHandlers,
  ...exchangeApi,
};
