import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/chain';
import { startTestPostgres, type TestPostgres } from '../test-support/postgres';
import { SequencedAuditWriter } from './audit-writer';
import { migrate } from './migrations';
import { openStorage } from './open';
import { PostgresDriver } from './postgres-driver';
import type { SqlHubStore } from './sql-store';
import type { Actor } from './store';

/**
 * The audit chain as the store writes it: on PostgreSQL changes record their entries and a
 * sequencer per process chains them in batches. Whatever the interleaving, the chain is one
 * chain, every committed change is in it once, and nothing a killed process left behind is lost.
 */
let postgres: TestPostgres;
const dirs: string[] = [];
beforeAll(async () => {
  postgres = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const actor: Actor = { id: 'user:test', at: '2026-11-23T08:00:00.000Z' };
const agency = (i: number) => ({
  code: `11320000TEST${String(i).padStart(6, '0')}`,
  name: `测试单位${i}`,
  level: 'county' as const,
  parentCode: null,
  createdAt: actor.at,
});

async function wholeLog(store: SqlHubStore) {
  const head = await store.auditHead();
  const rows = await store.auditRows({ afterSeq: 0, limit: 100_000 });
  return { head, rows, verification: verifyAuditChain(rows, { head }) };
}

describe.each(['sqlite', 'postgres'] as const)('the audit chain under concurrent changes (%s)', (backend) => {
  it('holds every change once, in one verifiable chain, when hub processes change things at once', async () => {
    const options = async () => {
      if (backend === 'postgres') return { databaseUrl: await postgres.createDatabase(), dataDir: tmpdir() };
      const dir = mkdtempSync(path.join(tmpdir(), 'oa-audit-writer-'));
      dirs.push(dir);
      return { dataDir: dir };
    };
    const storage = await options();
    // PostgreSQL: two processes on the same database; SQLite has one process.
    const stores = await Promise.all(
      Array.from({ length: backend === 'postgres' ? 2 : 1 }, async () => (await openStorage(storage)).store),
    );
    try {
      const count = 60;
      const created = await Promise.all(
        Array.from({ length: count }, (_, i) => stores[i % stores.length]!.createAgency(agency(i), actor)),
      );
      expect(created.every(Boolean)).toBe(true);
      const { head, rows, verification } = await wholeLog(stores[stores.length - 1]!);
      expect(verification.problems).toEqual([]);
      expect(head.seq).toBe(count);
      const codes = rows.map((row) => String(row.entry?.data['code']));
      expect(new Set(codes)).toEqual(new Set(Array.from({ length: count }, (_, i) => agency(i).code)));
      // Each entry is readable by the agency it concerns.
      const own = await stores[0]!.auditRows({ afterSeq: 0, limit: 1000, visibleTo: agency(7).code });
      expect(own.filter((row) => row.entry).map((row) => row.entry!.data['code'])).toEqual([agency(7).code]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});

describe('a hub process killed between its commit and the chain (postgres)', () => {
  it('leaves its entry pending; the next process to open the database chains it', async () => {
    const url = await postgres.createDatabase();
    const opened = await openStorage({ databaseUrl: url, dataDir: tmpdir() });
    await opened.store.createAgency(agency(1), actor);
    await opened.store.close();

    // What a process killed right after committing a change leaves behind: the change and its
    // recorded entry, but no chain row yet.
    const killed = new PostgresDriver(url, 1);
    await migrate(killed);
    await killed.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO agencies (code, name, level, parent_code, created_at) VALUES (?, ?, 'county', NULL, ?)",
        [agency(2).code, agency(2).name, actor.at],
      );
      await new SequencedAuditWriter(killed).record(tx, actor, [
        { action: 'agency.registered', agencies: [agency(2).code], data: { code: agency(2).code } },
      ]);
    });
    await killed.close();

    const restarted = await openStorage({ databaseUrl: url, dataDir: tmpdir() });
    try {
      const { rows, verification } = await wholeLog(restarted.store);
      expect(verification.problems).toEqual([]);
      expect(rows.map((row) => row.entry?.data['code'])).toEqual([agency(1).code, agency(2).code]);
      expect(await restarted.driver.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM audit_pending')).toEqual({ n: '0' });
    } finally {
      await restarted.store.close();
    }
  });
});
