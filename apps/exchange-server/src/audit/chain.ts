import { createHash } from 'node:crypto';
import { canonicalJson } from '@oa/shared';

/**
 * The hash-chained audit log (审计日志). Each state change is an entry; its row carries
 *   entryHash = sha256(canonical JSON of the entry, which includes its own seq)
 *   hash      = sha256(prevHash + ":" + entryHash)
 * so changing, removing or reordering any row breaks every hash after it. An agency sees the
 * entries that concern it in full and only the hashes of the others, which is enough to
 * verify the whole chain without seeing other agencies' business.
 */
export const genesisHash = '0'.repeat(64);

export interface AuditEntry {
  seq: number;
  /** ISO time of the change. */
  at: string;
  /** Who: `user:<id>`, `agency:<code>` (an agency system) or `hub`. */
  actor: string;
  action: string;
  /** The agencies the change concerns (they may read the entry). */
  agencies: string[];
  data: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  entryHash: string;
  prevHash: string;
  hash: string;
  /** Present when the reader may see it. */
  entry?: AuditEntry;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function entryHash(entry: AuditEntry): string {
  return sha256Hex(canonicalJson(entry));
}

export function chainHash(prevHash: string, entryHashHex: string): string {
  return sha256Hex(`${prevHash}:${entryHashHex}`);
}

export type AuditProblem =
  | { seq: number; kind: 'gap'; expectedSeq: number }
  | { seq: number; kind: 'prev-hash'; expected: string; actual: string }
  | { seq: number; kind: 'hash'; expected: string; actual: string }
  | { seq: number; kind: 'entry-hash'; expected: string; actual: string }
  | { seq: number; kind: 'entry-seq'; actual: number }
  | { seq: number; kind: 'head'; expected: string; actual: string };

export interface AuditVerification {
  ok: boolean;
  /** Rows checked and entries whose content was checked against their hash. */
  rows: number;
  entriesChecked: number;
  headHash: string;
  problems: AuditProblem[];
}

/**
 * Verifies a chain from its first row (seq 1, or `from` with its known previous hash),
 * optionally against the head the hub reports.
 */
export function verifyAuditChain(
  rows: readonly AuditRow[],
  options: {
    from?: { seq: number; prevHash: string };
    /** The hub's head; pass it only when `rows` run to the end of the log. */
    head?: { seq: number; hash: string };
  } = {},
): AuditVerification {
  const problems: AuditProblem[] = [];
  let expectedSeq = options.from?.seq ?? 1;
  let prev = options.from?.prevHash ?? genesisHash;
  let entriesChecked = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) problems.push({ seq: row.seq, kind: 'gap', expectedSeq });
    if (row.prevHash !== prev) problems.push({ seq: row.seq, kind: 'prev-hash', expected: prev, actual: row.prevHash });
    const expectedHash = chainHash(row.prevHash, row.entryHash);
    if (row.hash !== expectedHash)
      problems.push({ seq: row.seq, kind: 'hash', expected: expectedHash, actual: row.hash });
    if (row.entry) {
      entriesChecked++;
      if (row.entry.seq !== row.seq) problems.push({ seq: row.seq, kind: 'entry-seq', actual: row.entry.seq });
      const actual = entryHash(row.entry);
      if (actual !== row.entryHash)
        problems.push({ seq: row.seq, kind: 'entry-hash', expected: row.entryHash, actual });
    }
    prev = row.hash;
    expectedSeq = row.seq + 1;
  }
  // The head the hub keeps must be the last row: a dropped tail shows up here.
  if (options.head && (options.head.seq !== expectedSeq - 1 || options.head.hash !== prev)) {
    problems.push({ seq: options.head.seq, kind: 'head', expected: options.head.hash, actual: prev });
  }
  return { ok: problems.length === 0, rows: rows.length, entriesChecked, headHash: prev, problems };
}
