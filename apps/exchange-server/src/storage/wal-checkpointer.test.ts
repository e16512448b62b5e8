import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteDriver } from './sqlite-driver';

const documentBytes = 100 * 1024;
const documents = 120;

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function storeDocuments(driver: SqliteDriver, count: number): Promise<void> {
  await driver.run('CREATE TABLE doc (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL) STRICT');
  for (let i = 0; i < count; i++) {
    await driver.transaction(async (tx) => {
      await tx.run('INSERT INTO doc (bytes) VALUES (?)', [Buffer.alloc(documentBytes, i % 251)]);
    });
  }
}

/** Waits until the database file (not its log) holds `bytes`: the log was checkpointed into it. */
async function databaseFileReaches(file: string, bytes: number): Promise<boolean> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    if (statSync(file).size >= bytes) return true;
    await sleep(50);
  }
  return false;
}

describe('SQLite checkpoints on their own thread', () => {
  it('folds the log of a busy hub into the database file while it stays open, and loses nothing', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oa-wal-'));
    const file = path.join(dir, 'hub.sqlite');
    const driver = new SqliteDriver(file);
    await storeDocuments(driver, documents);
    expect(await databaseFileReaches(file, documents * documentBytes)).toBe(true);
    await driver.close();
    expect(existsSync(`${file}-wal`)).toBe(false);

    const reopened = new SqliteDriver(file);
    const rows = await reopened.all<{ n: number; total: number }>(
      'SELECT count(*) AS n, sum(length(bytes)) AS total FROM doc',
    );
    expect(rows[0]).toEqual({ n: documents, total: documents * documentBytes });
    await reopened.close();
  });

  it('lets a process whose last work is closing the database end normally, after the checkpoint thread', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oa-wal-'));
    const fixture = fileURLToPath(new URL('./close-at-exit.fixture.ts', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', fixture, path.join(dir, 'hub.sqlite')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('closes right after a burst of sends, each of them committed and kept', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'oa-wal-'));
    const file = path.join(dir, 'hub.sqlite');
    const driver = new SqliteDriver(file);
    await driver.run('CREATE TABLE doc (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL) STRICT');
    const sends = Array.from({ length: 100 }, (_, i) =>
      driver.transaction((tx) => tx.run('INSERT INTO doc (bytes) VALUES (?)', [Buffer.alloc(documentBytes, i)])),
    );
    await driver.close();
    await Promise.all(sends);
    const reopened = new SqliteDriver(file);
    const [row] = await reopened.all<{ n: number }>('SELECT count(*) AS n FROM doc');
    expect(row!.n).toBe(100);
    await reopened.close();
  });
});
