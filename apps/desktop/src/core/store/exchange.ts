import type { CoreContext } from '../context';
import { isoNow } from '../context';

/**
 * The local record of documents exchanged with other agencies through the hub (公文交换),
 * one row per envelope, updated as the hub reports its state. The states are the hub's
 * per-recipient states (ARCHITECTURE.md "Exchange"); the hub decides them, the client mirrors.
 */
export const exchangeStates = {
  outgoing: ['sent', 'delivered', 'signed-for' /* 签收 */, 'returned' /* 退回 */, 'recalled' /* 撤回 */],
  incoming: ['delivered', 'signed-for', 'returned'],
} as const;

export type ExchangeDirection = keyof typeof exchangeStates;

export interface ExchangeRecord {
  id: string;
  direction: ExchangeDirection;
  documentId: string | null;
  counterpartCode: string;
  counterpartName: string;
  state: string;
  envelopeSha256: string | null;
  pdfSha256: string | null;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Inserts the record, or moves an existing one to its new state (with the reason, if any). */
export function recordExchange(
  context: CoreContext,
  record: Omit<ExchangeRecord, 'createdAt' | 'updatedAt'>,
): ExchangeRecord {
  const states: readonly string[] = exchangeStates[record.direction];
  if (!states.includes(record.state)) {
    throw new RangeError(`exchange state ${record.state} is not one of ${states.join(', ')}`);
  }
  const at = isoNow(context);
  context.db
    .prepare(
      `INSERT INTO exchange_records (id, direction, document_id, counterpart_code, counterpart_name, state,
         envelope_sha256, pdf_sha256, reason, created_at, updated_at)
       VALUES (@id, @direction, @documentId, @counterpartCode, @counterpartName, @state, @envelopeSha256, @pdfSha256,
         @reason, @at, @at)
       ON CONFLICT(id) DO UPDATE SET state = excluded.state, reason = excluded.reason, updated_at = excluded.updated_at,
         document_id = coalesce(excluded.document_id, document_id),
         pdf_sha256 = coalesce(excluded.pdf_sha256, pdf_sha256),
         envelope_sha256 = coalesce(excluded.envelope_sha256, envelope_sha256)`,
    )
    .run({ ...record, at });
  return listExchange(context, { direction: record.direction }).find((row) => row.id === record.id)!;
}

export function listExchange(
  context: CoreContext,
  filter: { direction: ExchangeDirection; state?: string },
): ExchangeRecord[] {
  return context.db
    .prepare(
      `SELECT id, direction, document_id AS documentId, counterpart_code AS counterpartCode,
         counterpart_name AS counterpartName, state, envelope_sha256 AS envelopeSha256, pdf_sha256 AS pdfSha256,
         reason, created_at AS createdAt, updated_at AS updatedAt
       FROM exchange_records WHERE direction = @direction AND (@state IS NULL OR state = @state)
       ORDER BY updated_at DESC, id`,
    )
    .all({ direction: filter.direction, state: filter.state ?? null }) as ExchangeRecord[];
}

/** Where the last pull of a stream ended (opaque to the client; the hub makes it). */
export function readCursor(context: CoreContext, stream: string): string | null {
  const row = context.db.prepare('SELECT cursor FROM sync_cursors WHERE stream = ?').get(stream) as
    { cursor: string } | undefined;
  return row?.cursor ?? null;
}

export function writeCursor(context: CoreContext, stream: string, cursor: string): void {
  context.db
    .prepare(
      `INSERT INTO sync_cursors (stream, cursor, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
    )
    .run(stream, cursor, isoNow(context));
}
