import { afterAll, describe, expect, it } from 'vitest';
import type { SqlDriver } from '../storage/driver';
import { migrate } from '../storage/migrations';
import { PostgresDriver } from '../storage/postgres-driver';
import { SqliteDriver } from '../storage/sqlite-driver';
import { startTestPostgres, type TestPostgres } from '../test-support/postgres';
import { draftAccessMigration } from './schema';

let postgres: TestPostgres | undefined;
afterAll(async () => postgres?.stop());

const drivers: Record<'sqlite' | 'postgres', () => Promise<SqlDriver>> = {
  sqlite: async () => new SqliteDriver(':memory:'),
  postgres: async () => {
    postgres ??= await startTestPostgres();
    return new PostgresDriver(await postgres.createDatabase());
  },
};

/** An op as a hub before migration 6 stored it (the document only inside the op's JSON). */
async function storedOp(db: SqlDriver, seq: number | null, documentId: string, pushedBy: string, status = 'accepted') {
  await db.run(
    `INSERT INTO sync_ops (op_id, agency_code, seq, type, op, status, pushed_by, received_at)
     VALUES (?, 'A', ?, 'draft.update', ?, ?, ?, ?)`,
    [`op-${documentId}-${seq ?? 'x'}`, seq, JSON.stringify({ documentId, update: '' }), status, pushedBy, `t${seq}`],
  );
}

describe.each(['sqlite', 'postgres'] as const)('migration 6 on %s', (backend) => {
  it("gives the drafts of an existing hub their drafter: whoever's op on them was accepted first", async () => {
    const db = await drivers[backend]();
    try {
      await migrate(db, draftAccessMigration.version - 1);
      await db.run("INSERT INTO agencies (code, name, level, created_at) VALUES ('A', '甲单位', 'city', 't0')");
      await storedOp(db, null, 'd1', 'user:li', 'rejected');
      await storedOp(db, 1, 'd1', 'user:zhang');
      await storedOp(db, 2, 'd1', 'user:li');
      await storedOp(db, 3, 'd2', 'user:li');
      expect(await migrate(db, draftAccessMigration.version)).toEqual([draftAccessMigration.version]);
      const people = await db.all<{ document_id: string; user_id: string; relation: string }>(
        'SELECT document_id, user_id, relation FROM draft_people ORDER BY document_id',
      );
      expect(people).toEqual([
        { document_id: 'd1', user_id: 'user:zhang', relation: 'drafter' },
        { document_id: 'd2', user_id: 'user:li', relation: 'drafter' },
      ]);
      const ops = await db.all<{ document_id: string }>(
        'SELECT DISTINCT document_id FROM sync_ops ORDER BY document_id',
      );
      expect(ops.map((row) => row.document_id)).toEqual(['d1', 'd2']);
    } finally {
      await db.close();
    }
  }, 60_000);
});
