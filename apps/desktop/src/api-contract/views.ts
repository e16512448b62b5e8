import type {
  AvailableAction,
  BodyBlock,
  DocumentKind,
  HistoryEntry,
  PendingTask,
  WorkflowDirection,
  WorkflowState,
  WorkflowStatus,
} from '@oa/shared';

/**
 * What the API returns: plain JSON objects (they cross IPC and HTTP), no class instances,
 * binary data as base64.
 */

export interface AppInfo {
  version: string;
  dataDir: string;
  deviceId: string;
  schemaVersion: number;
  documentCount: number;
  /** Local accounts on this computer (0 on first run: the UI offers to create one). */
  accountCount: number;
}

export interface AccountView {
  id: string;
  login: string;
  displayName: string;
  roles: string[];
  /** Whether a hub session token is attached (the token itself never leaves main). */
  hubLinked: boolean;
  createdAt: string;
  lastUnlockedAt: string | null;
}

export type DocumentStage = 'draft' | 'final';

export interface DocumentSummary {
  id: string;
  kind: DocumentKind;
  title: string;
  stage: DocumentStage;
  revision: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface DocumentView extends DocumentSummary {
  /** The document JSON as saved (see docs/document-format.md). */
  content: unknown;
  /** Warnings of the draft-stage validation (errors are refused on save). */
  warnings: { code: string; path: string; message: { zh: string; en: string } }[];
}

export interface SearchHit {
  id: string;
  title: string;
  stage: DocumentStage;
  /** A piece of the text around the match, the match in 【】. */
  snippet: string;
}

export interface AttachmentView {
  id: string;
  documentId: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface OutboxEntryView {
  opId: string;
  type: string;
  status: 'pending' | 'rejected';
  createdAt: string;
  rejection: { code: string; reason: { zh: string; en: string } } | null;
}

/** Sync with the hub, as the status bar shows it. */
export interface SyncStatusView {
  /** not-linked: no hub session (log in online); unknown: not tried yet. */
  connection: 'online' | 'offline' | 'not-linked' | 'unknown';
  /** Ops waiting to be pushed. */
  pendingOps: number;
  /** Conflicts the user has not dismissed yet. */
  openConflicts: number;
  lastSyncAt: string | null;
  lastError: { zh: string; en: string } | null;
  nextAttemptAt: string | null;
  cursor: string | null;
}

/** An op the hub refused, with the user's own text kept (冲突). */
export interface ConflictView {
  id: string;
  opId: string;
  opType: string;
  documentId: string | null;
  instanceId: string | null;
  actorId: string;
  code: string;
  reason: { zh: string; en: string };
  /** What the user wrote: the opinion, or the draft's title and body. */
  text: string;
  actedAt: string;
  detectedAt: string;
  dismissedAt: string | null;
}

export interface DraftBodyView {
  documentId: string;
  /** The body as plain text, one block per line. */
  text: string;
  blocks: ({ type: 'paragraph'; text: string } | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string })[];
}

export interface SnapshotView {
  id: string;
  documentId: string;
  label: string;
  stepId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface AuthorView {
  id: string;
  name: string;
}

/** One change between two snapshots (修改痕迹), in body order. */
export interface RevisionChange {
  type: 'insert' | 'delete';
  text: string;
  /** Who typed the text (insert) or removed it (delete); null when unknown. */
  author: AuthorView | null;
  /** Character offset in the later snapshot's text (deletes: where the text used to be). */
  offset: number;
}

/** A workflow instance (公文办理) with what the current user may do on it. */
export interface WorkflowView {
  id: string;
  documentId: string;
  title: string;
  direction: WorkflowDirection;
  definitionId: string;
  definitionVersion: number;
  status: WorkflowStatus;
  currentStepId: string | null;
  /** Commands applied so far; pass it back as `expectedVersion` to refuse acting on a stale view. */
  version: number;
  state: WorkflowState;
  tasks: PendingTask[];
  /** What the unlocked account may do now (buttons). */
  actions: AvailableAction[];
  /** The handling record as lines: `同意印发。 陈局长 2026年11月23日`. */
  opinions: { entry: HistoryEntry; line: string }[];
}

/** Which list: 待办, 已办, 待阅, 我起草的, 超期 (for 催办). */
export type TaskBox = 'todo' | 'done' | 'to-read' | 'drafted' | 'overdue';

export interface TaskListItem {
  instanceId: string;
  documentId: string;
  title: string;
  direction: WorkflowDirection;
  status: WorkflowStatus;
  stepId: string | null;
  stepName: { zh: string; en: string } | null;
  /** Who still has to act on the open step. */
  pending: { id: string; name: string }[];
  dueAt: string | null;
  overdue: boolean;
  updatedAt: string;
}

/** A GB/T 9704 preview of a document as it stands in the form (not necessarily saved). */
export interface PreviewView {
  /** The typeset PDF, base64. */
  pdfBase64: string;
  pageCount: number;
  /** Typesetting time in the worker, in milliseconds. */
  millis: number;
}

/** 导入 Word 文档: the body blocks read from a .docx, its Word title, and what the body cannot hold. */
export interface DocxImportView {
  blocks: BodyBlock[];
  title: string | undefined;
  skippedImages: number;
  flattenedTables: number;
}

/** The typesetting worker warmed: a sample typeset (base64 PDF; empty without fonts) and how long it took. */
export interface WarmPreviewView {
  pdfBase64: string;
  millis: number;
}

/** A saved document's preview, with the document JSON it was typeset from. */
export interface SavedPreviewView extends PreviewView {
  content: unknown;
}

/** One document's result in a batch archiving (归档). */
export type ArchiveOutcome =
  | { instanceId: string; ok: true; archivalCode: string }
  | { instanceId: string; ok: false; error: { code: string; message: { zh: string; en: string } } };

/** An archive item (件) as lists show it. */
export interface ArchivedItemView {
  /** 档号, e.g. J012-WS·2026-Y-BGS-0001. */
  archivalCode: string;
  title: string;
  docNumber: string | null;
  year: number;
  retention: string;
  unit: string;
  item: number;
  pages: number;
  archivedAt: string;
  archivedBy: string;
}

/** The borrow / view log (借阅 / 查看记录) of an item. */
export interface AccessLogEntry {
  actor: string;
  action: string;
  purpose: string | null;
  at: string;
}

/** A 四性检测 (DA/T 70) report: each check with its result and reason. */
export interface CheckReportView {
  subject: string;
  checkedAt: string;
  ok: boolean;
  summary: Record<
    'authenticity' | 'integrity' | 'usability' | 'security',
    { passed: number; failed: number; skipped: number }
  >;
  results: {
    property: 'authenticity' | 'integrity' | 'usability' | 'security';
    check: string;
    target: string;
    status: 'passed' | 'failed' | 'skipped';
    reason: { zh: string; en: string };
  }[];
}

/** An exported EEP package (DA/T 48) and its 四性检测 report. */
export interface ExportView {
  dir: string;
  items: number;
  files: number;
  report: CheckReportView;
}

/** A colleague in the signed-in person's agency: their id on every desktop (the hub's), login, name and department. */
export interface ColleagueView {
  id: string;
  login: string;
  /** The name the hub has for them, else the one this computer knows (from their work here), else the login. */
  name: string;
  /** Their department (处室) as the hub has it; null when it was never set. */
  department: string | null;
}
