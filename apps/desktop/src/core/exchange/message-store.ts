import type { DocumentKind } from '@oa/shared';
import type {
  OutgoingRecipientState,
  ReceiptView,
  SentMessageView,
  SentRecipientView,
  VerificationView,
} from '../../api-contract';
import { isoNow, type CoreContext } from '../context';

/**
 * The local record of messages exchanged through the hub: one row per message, one per
 * recipient agency with its state as the hub last reported it (or `queued` before the hub has
 * it), the receipt, and for incoming messages the verification badge.
 */
export interface MessageRow {
  messageId: string;
  direction: 'incoming' | 'outgoing';
  documentId: string | null;
  instanceId: string | null;
  senderCode: string;
  senderName: string;
  title: string;
  docNumber: string;
  kind: DocumentKind;
  pdfSha256: string | null;
  request: string | null;
  verification: VerificationView | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type RecipientRow = SentRecipientView;

const messageColumns = `message_id AS messageId, direction, document_id AS documentId, instance_id AS instanceId,
  sender_code AS senderCode, sender_name AS senderName, title, doc_number AS docNumber, kind,
  pdf_sha256 AS pdfSha256, request, verification, sent_at AS sentAt, created_at AS createdAt, updated_at AS updatedAt`;

type RawMessage = Omit<MessageRow, 'verification'> & { verification: string | null };

function toMessage(raw: RawMessage): MessageRow {
  return {
    ...raw,
    verification: raw.verification === null ? null : (JSON.parse(raw.verification) as VerificationView),
  };
}

export function insertMessage(
  context: CoreContext,
  row: Omit<MessageRow, 'createdAt' | 'updatedAt'>,
  recipients: readonly { agencyCode: string; agencyName: string; state: OutgoingRecipientState }[],
): void {
  const at = isoNow(context);
  context.db
    .prepare(
      `INSERT INTO exchange_messages (message_id, direction, document_id, instance_id, sender_code, sender_name, title,
         doc_number, kind, pdf_sha256, request, verification, sent_at, created_at, updated_at)
       VALUES (@messageId, @direction, @documentId, @instanceId, @senderCode, @senderName, @title, @docNumber, @kind,
         @pdfSha256, @request, @verification, @sentAt, @at, @at)`,
    )
    .run({ ...row, verification: row.verification === null ? null : JSON.stringify(row.verification), at });
  const insert = context.db.prepare(
    `INSERT INTO exchange_recipients (message_id, agency_code, agency_name, state, updated_at) VALUES (?, ?, ?, ?, ?)`,
  );
  for (const r of recipients) insert.run(row.messageId, r.agencyCode, r.agencyName, r.state, at);
}

export function findMessage(context: CoreContext, messageId: string): MessageRow | undefined {
  const raw = context.db
    .prepare(`SELECT ${messageColumns} FROM exchange_messages WHERE message_id = ?`)
    .get(messageId) as RawMessage | undefined;
  return raw === undefined ? undefined : toMessage(raw);
}

export function listMessages(context: CoreContext, direction: MessageRow['direction'], limit = 200): MessageRow[] {
  const rows = context.db
    .prepare(
      `SELECT ${messageColumns} FROM exchange_messages WHERE direction = ? ORDER BY created_at DESC, message_id LIMIT ?`,
    )
    .all(direction, limit) as RawMessage[];
  return rows.map(toMessage);
}

export function updateMessage(
  context: CoreContext,
  messageId: string,
  change: Partial<Pick<MessageRow, 'documentId' | 'instanceId' | 'request' | 'sentAt'>>,
): void {
  const current = findMessage(context, messageId);
  if (current === undefined) return;
  const next = { ...current, ...change };
  context.db
    .prepare(
      `UPDATE exchange_messages SET document_id = ?, instance_id = ?, request = ?, sent_at = ?, updated_at = ?
       WHERE message_id = ?`,
    )
    .run(next.documentId, next.instanceId, next.request, next.sentAt, isoNow(context), messageId);
}

export function recipientsOf(context: CoreContext, messageId: string): RecipientRow[] {
  const rows = context.db
    .prepare(
      `SELECT agency_code AS agencyCode, agency_name AS agencyName, state, reason, receipt, updated_at AS updatedAt
       FROM exchange_recipients WHERE message_id = ? ORDER BY agency_code`,
    )
    .all(messageId) as (Omit<RecipientRow, 'receipt'> & { receipt: string | null })[];
  return rows.map((row) => ({
    ...row,
    receipt: row.receipt === null ? null : (JSON.parse(row.receipt) as ReceiptView),
  }));
}

export function updateRecipient(
  context: CoreContext,
  messageId: string,
  agencyCode: string,
  change: { state: OutgoingRecipientState; reason?: string | null; receipt?: ReceiptView | null },
): void {
  context.db
    .prepare(
      `UPDATE exchange_recipients SET state = @state, reason = coalesce(@reason, reason),
         receipt = coalesce(@receipt, receipt), updated_at = @at
       WHERE message_id = @messageId AND agency_code = @agencyCode`,
    )
    .run({
      messageId,
      agencyCode,
      state: change.state,
      reason: change.reason ?? null,
      receipt: change.receipt ? JSON.stringify(change.receipt) : null,
      at: isoNow(context),
    });
}

export function sentView(context: CoreContext, row: MessageRow): SentMessageView {
  return {
    messageId: row.messageId,
    documentId: row.documentId,
    title: row.title,
    docNumber: row.docNumber,
    sentAt: row.sentAt,
    recipients: recipientsOf(context, row.messageId),
  };
}

/** The agency directory as last fetched from the hub (names for codes, also offline). */
export function saveDirectory(
  context: CoreContext,
  entries: readonly { code: string; name: string; level: string; parentCode: string | null }[],
): void {
  const at = isoNow(context);
  const upsert = context.db.prepare(
    `INSERT INTO agency_directory (code, name, level, parent_code, fetched_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
       fetched_at = excluded.fetched_at`,
  );
  context.db.transaction(() => {
    for (const e of entries) upsert.run(e.code, e.name, e.level, e.parentCode, at);
  })();
}

export function readDirectory(context: CoreContext) {
  return context.db
    .prepare('SELECT code, name, level, parent_code AS parentCode FROM agency_directory ORDER BY code')
    .all() as { code: string; name: string; level: string; parentCode: string | null }[];
}
