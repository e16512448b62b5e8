import { validateDocument, type BodyBlock, type GongwenDocument, type Violation } from '@oa/shared';
import type { DocumentStage, DocumentSummary, DocumentView } from '../../api-contract';
import type { CoreContext } from '../context';
import { desktopError } from '../errors';

/** The documents table: one row per 公文 (draft or final), its JSON content and search text. */

interface DocumentRow {
  id: string;
  kind: string;
  title: string;
  stage: DocumentStage;
  content: string;
  revision: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

const summaryColumns = 'id, kind, title, stage, revision, created_by, created_at, updated_at';

/**
 * Checks a draft with the shared validator in draft stage (发文字号 and 成文日期 may still be
 * missing). Errors refuse the save, listing each violation; warnings are kept for the view.
 */
export function validateDraft(input: unknown): { document: GongwenDocument; warnings: Violation[] } {
  const result = validateDocument(input, { stage: 'draft' });
  const errors = result.violations.filter((v) => v.severity === 'error');
  if (!result.ok || result.document === undefined) {
    throw desktopError('DOC_INVALID', {
      violations: errors.map((v) => `${v.path}: ${v.message.zh}`).join('；'),
      items: errors.map(({ code, path, message }) => ({ code, path, message })),
    });
  }
  return { document: result.document, warnings: result.violations.filter((v) => v.severity === 'warning') };
}

/** The body as plain text for search: one block per line. */
export function bodyText(blocks: readonly BodyBlock[]): string {
  return blocks.map((block) => block.text).join('\n');
}

export function insertDocument(
  context: CoreContext,
  row: { id: string; document: GongwenDocument; createdBy: string; at: string },
): void {
  context.db
    .prepare(
      `INSERT INTO documents (id, kind, title, body_text, stage, content, revision, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'draft', ?, 1, ?, ?, ?)`,
    )
    .run(
      row.id,
      row.document.kind,
      row.document.title,
      bodyText(row.document.body),
      JSON.stringify({ ...row.document, id: row.id }),
      row.createdBy,
      row.at,
      row.at,
    );
}

/** Saves new content; `bumpRevision` for a user's save, not for body edits merged by Yjs. */
export function updateDocumentContent(
  context: CoreContext,
  id: string,
  document: GongwenDocument,
  at: string,
  bumpRevision: boolean,
): number {
  context.db
    .prepare(
      `UPDATE documents SET kind = ?, title = ?, body_text = ?, content = ?, updated_at = ?,
         revision = revision + ? WHERE id = ?`,
    )
    .run(
      document.kind,
      document.title,
      bodyText(document.body),
      JSON.stringify({ ...document, id }),
      at,
      bumpRevision ? 1 : 0,
      id,
    );
  return requireDocumentRow(context, id).revision;
}

function requireDocumentRow(context: CoreContext, id: string): DocumentRow {
  const row = context.db.prepare(`SELECT ${summaryColumns}, content FROM documents WHERE id = ?`).get(id) as
    DocumentRow | undefined;
  if (row === undefined) throw desktopError('DOC_NOT_FOUND', { id });
  return row;
}

function toSummary(row: Omit<DocumentRow, 'content'>): DocumentSummary {
  return {
    id: row.id,
    kind: row.kind as DocumentSummary['kind'],
    title: row.title,
    stage: row.stage,
    revision: row.revision,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Throws DOC_NOT_FOUND unless the document exists (without reading its content). */
export function requireDocument(context: CoreContext, id: string): void {
  if (context.db.prepare('SELECT 1 FROM documents WHERE id = ?').get(id) === undefined) {
    throw desktopError('DOC_NOT_FOUND', { id });
  }
}

/** The saved content and summary, without re-validating (for internal updates). */
export function readDocument(context: CoreContext, id: string): DocumentSummary & { document: GongwenDocument } {
  const row = requireDocumentRow(context, id);
  return { ...toSummary(row), document: JSON.parse(row.content) as GongwenDocument };
}

/** The document for people: content plus the warnings of its stage's validation. */
export function getDocument(context: CoreContext, id: string): DocumentView & { document: GongwenDocument } {
  const row = requireDocumentRow(context, id);
  const content = JSON.parse(row.content) as GongwenDocument;
  const warnings = validateDocument(content, { stage: row.stage })
    .violations.filter((v) => v.severity === 'warning')
    .map(({ code, path, message }) => ({ code, path, message }));
  return { ...toSummary(row), content, document: content, warnings };
}

/** A document's JSON as saved, without the validation getDocument runs for its warnings. */
export function documentContent(context: CoreContext, id: string): GongwenDocument {
  return JSON.parse(requireDocumentRow(context, id).content) as GongwenDocument;
}

export function listDocuments(
  context: CoreContext,
  filter: { stage?: DocumentStage | undefined; kind?: string | undefined; limit: number; offset: number },
): DocumentSummary[] {
  const rows = context.db
    .prepare(
      `SELECT ${summaryColumns} FROM documents
       WHERE (@stage IS NULL OR stage = @stage) AND (@kind IS NULL OR kind = @kind)
       ORDER BY updated_at DESC, id LIMIT @limit OFFSET @offset`,
    )
    .all({
      stage: filter.stage ?? null,
      kind: filter.kind ?? null,
      limit: filter.limit,
      offset: filter.offset,
    }) as DocumentRow[];
  return rows.map(toSummary);
}

export function countDocuments(context: CoreContext): number {
  return (context.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
}

/**
 * A colleague's save, pulled from the hub: creates the draft when this device has not seen it,
 * or takes the content when it is newer than the local revision. Returns whether it applied.
 */
export function applySyncedDocument(
  context: CoreContext,
  row: { id: string; document: GongwenDocument; revision: number; createdBy: string; at: string },
): boolean {
  const existing = context.db.prepare('SELECT revision FROM documents WHERE id = ?').get(row.id) as
    { revision: number } | undefined;
  const content = JSON.stringify({ ...row.document, id: row.id });
  if (existing === undefined) {
    context.db
      .prepare(
        `INSERT INTO documents (id, kind, title, body_text, stage, content, revision, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'draft', ?, ?, ?, ?, ?)`,
      )
      .run(
        row.id,
        row.document.kind,
        row.document.title,
        bodyText(row.document.body),
        content,
        row.revision,
        row.createdBy,
        row.at,
        row.at,
      );
    return true;
  }
  if (row.revision <= existing.revision) return false;
  context.db
    .prepare(
      'UPDATE documents SET kind = ?, title = ?, body_text = ?, content = ?, revision = ?, updated_at = ? WHERE id = ?',
    )
    .run(row.document.kind, row.document.title, bodyText(row.document.body), content, row.revision, row.at, row.id);
  return true;
}

/** After a refused save: the local revision goes back to the one the save built on, so the hub's newer save applies. */
export function rewindRevision(context: CoreContext, id: string, revision: number): void {
  context.db.prepare('UPDATE documents SET revision = min(revision, ?) WHERE id = ?').run(revision, id);
}
