import type { AttachmentView } from '../../api-contract';
import type { CoreContext } from '../context';
import { isoNow } from '../context';
import { desktopError } from '../errors';
import { putBlob, readBlob } from './blobs';
import { readDocument } from './documents';
import { appendOp } from './outbox';

interface AttachmentRow {
  id: string;
  document_id: string;
  name: string;
  media_type: string;
  sha256: string;
  size: number;
  created_at: string;
}

function toView(row: AttachmentRow): AttachmentView {
  return {
    id: row.id,
    documentId: row.document_id,
    name: row.name,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

/** Adds a file to a document: the blob (deduplicated by hash), its row and the outbox op, together. */
export function addAttachment(
  context: CoreContext,
  input: { documentId: string; name: string; mediaType: string; bytes: Uint8Array; actorId: string },
): AttachmentView {
  return context.db.transaction(() => {
    readDocument(context, input.documentId);
    const blob = putBlob(context, input.bytes);
    const id = context.newId();
    context.db
      .prepare(
        `INSERT INTO attachments (id, document_id, name, media_type, sha256, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.documentId, input.name, input.mediaType, blob.sha256, input.actorId, isoNow(context));
    appendOp(context, {
      type: 'attachment.add',
      actorId: input.actorId,
      documentId: input.documentId,
      attachmentId: id,
      blobHash: blob.sha256,
      name: input.name,
      mediaType: input.mediaType,
      size: blob.size,
    });
    return listAttachments(context, input.documentId).find((a) => a.id === id)!;
  })();
}

export function listAttachments(context: CoreContext, documentId: string): AttachmentView[] {
  const rows = context.db
    .prepare(
      `SELECT a.id, a.document_id, a.name, a.media_type, a.sha256, b.size, a.created_at
       FROM attachments a JOIN blobs b ON b.sha256 = a.sha256 WHERE a.document_id = ? ORDER BY a.created_at, a.rowid`,
    )
    .all(documentId) as AttachmentRow[];
  return rows.map(toView);
}

/** One attachment with its bytes (BLOB_CORRUPT when the file on disk no longer matches its hash). */
export function attachmentData(context: CoreContext, id: string): AttachmentView & { bytes: Buffer } {
  const row = context.db
    .prepare(
      `SELECT a.id, a.document_id, a.name, a.media_type, a.sha256, b.size, a.created_at
       FROM attachments a JOIN blobs b ON b.sha256 = a.sha256 WHERE a.id = ?`,
    )
    .get(id) as AttachmentRow | undefined;
  if (row === undefined) throw desktopError('ATTACHMENT_NOT_FOUND', { id });
  return { ...toView(row), bytes: readBlob(context, row.sha256) };
}
