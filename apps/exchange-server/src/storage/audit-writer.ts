import { chainHash, entryHash, type AuditEntry } from '../audit/chain';
import { num, type SqlDriver, type SqlExecutor, type SqlValue } from './driver';
import { SharedRun } from './shared-run';
import type { Actor } from './store';

/** An entry as a change records it; the chain gives it its place (`seq`). */
export type PendingAudit = Omit<AuditEntry, 'seq' | 'at' | 'actor'>;
type Unplaced = Omit<AuditEntry, 'seq'>;
type Row = Record<string, unknown>;

/**
 * How the store's changes reach the hash chain (审计日志). A change records its entries inside
 * its own transaction (`record`), so the change and its entries commit together or not at all;
 * `settle` resolves once every entry of a transaction committed before the call is in the chain
 * and durable, and nothing is answered before that.
 */
export interface AuditWriter {
  record(tx: SqlExecutor, actor: Actor, entries: readonly PendingAudit[]): Promise<void>;
  settle(): Promise<void>;
  /** Resolves when no chaining is under way (before the database closes). */
  idle(): Promise<void>;
}

/** One chain row, ready to insert. */
interface ChainRow {
  entry: AuditEntry;
  entryHash: string;
  prevHash: string;
  hash: string;
}

/** Places entries after the head `(seq, hash)`: the rows and the new head. */
function chainAfter(head: { seq: number; hash: string }, entries: readonly Unplaced[]): ChainRow[] {
  let { seq, hash } = head;
  return entries.map((item) => {
    const entry: AuditEntry = { seq: ++seq, ...item };
    const entryHashHex = entryHash(entry);
    const row = { entry, entryHash: entryHashHex, prevHash: hash, hash: chainHash(hash, entryHashHex) };
    hash = row.hash;
    return row;
  });
}

const rowValues = (row: ChainRow): SqlValue[] => [
  row.entry.seq,
  row.entry.at,
  row.entry.actor,
  row.entry.action,
  JSON.stringify(row.entry),
  row.entryHash,
  row.prevHash,
  row.hash,
];
const visibilityOf = (row: ChainRow): Array<[string, number]> =>
  [...new Set(row.entry.agencies)].map((agency) => [agency, row.entry.seq]);

async function readHead(tx: SqlExecutor): Promise<{ seq: number; hash: string }> {
  const head = await tx.get<Row>('SELECT seq, hash FROM audit_head WHERE id = 1');
  if (!head) throw new Error('audit_head row is missing');
  return { seq: num(head['seq']), hash: String(head['hash']) };
}

/**
 * SQLite: the entries are chained inside the change's own transaction. SQLite has one writer,
 * and its log is synced after the transaction ends (group commit), so holding the chain's head
 * costs no lock across a disk flush; `settle` has nothing to wait for.
 */
export class InlineAuditWriter implements AuditWriter {
  async record(tx: SqlExecutor, actor: Actor, entries: readonly PendingAudit[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = chainAfter(
      await readHead(tx),
      entries.map((item) => ({ at: actor.at, actor: actor.id, ...item })),
    );
    for (const row of rows) {
      await tx.run(
        'INSERT INTO audit_log (seq, at, actor, action, entry, entry_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        rowValues(row),
      );
      const visibility = visibilityOf(row);
      if (visibility.length > 0) {
        await tx.run(
          `INSERT INTO audit_visibility (agency_code, seq) VALUES ${visibility.map(() => '(?, ?)').join(', ')}`,
          visibility.flat(),
        );
      }
    }
    const last = rows[rows.length - 1]!;
    await tx.run('UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1', [last.entry.seq, last.hash]);
  }

  async settle(): Promise<void> {}
  async idle(): Promise<void> {}
}

/** An entry as `audit_pending` keeps it until a sequencer chains it (a statement may insert it itself). */
export function pendingEntry(actor: Actor, item: PendingAudit): string {
  const unplaced: Unplaced = { at: actor.at, actor: actor.id, ...item };
  return JSON.stringify(unplaced);
}

/** The advisory lock every sequencer of a deployment holds while it appends (migrations use 7740210). */
export const auditSequencerLock = 7740211;
/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters per statement). */
const rowsPerStatement = 500;

/**
 * PostgreSQL, where several hub processes share the chain: a change records its entries in
 * `audit_pending` (no shared lock, so concurrent changes commit side by side and PostgreSQL
 * flushes their commits together), and a sequencer per process appends every pending entry to
 * the chain in one transaction under an advisory lock, in the order they were recorded. One run
 * serves every change committed before it began, so the chain's lock is held once per batch
 * across its flush instead of once per send.
 *
 * Ordering and crashes: a change is answered only after its own commit (state and pending entry
 * durable) and then a sequencer run that began after it (entry chained, durable). A process
 * killed in between leaves the entry pending; the next run of any process chains it (each hub
 * runs one on start, and a retried send or a read of the log waits for one), so no accepted
 * change is missing from the chain. The lock and the head read happen in the same transaction,
 * so two processes never chain from the same head: the chain cannot fork.
 */
export class SequencedAuditWriter implements AuditWriter {
  private readonly runs = new SharedRun(() => this.appendPending());

  constructor(private readonly driver: SqlDriver) {}

  async record(tx: SqlExecutor, actor: Actor, entries: readonly PendingAudit[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.run(
      `INSERT INTO audit_pending (entry) VALUES ${entries.map(() => '(?)').join(', ')}`,
      entries.map((item) => pendingEntry(actor, item)),
    );
  }

  settle(): Promise<void> {
    return this.runs.request();
  }

  idle(): Promise<void> {
    return this.runs.idle();
  }

  private async appendPending(): Promise<void> {
    await this.driver.transaction(async (tx) => {
      await tx.get('SELECT pg_advisory_xact_lock(?)', [auditSequencerLock]);
      const pending = await tx.all<Row>('DELETE FROM audit_pending RETURNING id, entry');
      if (pending.length === 0) return;
      pending.sort((a, b) => num(a['id']) - num(b['id']));
      const rows = chainAfter(
        await readHead(tx),
        pending.map((row) => JSON.parse(String(row['entry'])) as Unplaced),
      );
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const chunk = rows.slice(start, start + rowsPerStatement);
        const visibility = chunk.flatMap(visibilityOf);
        const last = chunk[chunk.length - 1]!;
        // One round trip per chunk: the rows, who may read them, and the head.
        await tx.run(
          `WITH entries AS (INSERT INTO audit_log (seq, at, actor, action, entry, entry_hash, prev_hash, hash) VALUES ${chunk.map(() => '(?::bigint, ?, ?, ?, ?, ?, ?, ?)').join(', ')})
           ${visibility.length > 0 ? `, visible AS (INSERT INTO audit_visibility (agency_code, seq) VALUES ${visibility.map(() => '(?, ?::bigint)').join(', ')})` : ''}
           UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`,
          [...chunk.flatMap(rowValues), ...visibility.flat(), last.entry.seq, last.hash],
        );
      }
    });
  }
}
