import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteDriver } from './sqlite-driver';

/**
 * SQLite's write path: commits are durable when they resolve, and the log is copied into the
 * database file by the checkpointer thread while the connection keeps writing (SQLite itself
 * would only do it inside a COMMIT at 40 MB of log).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'oa-sqlite-driver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteDriver', () => {
  it('moves committed documents into the database file while it keeps running', async () => {
    const file = path.join(dir, 'hub.sqlite');
    const driver = new SqliteDriver(file);
    try {
      await driver.run('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
      const documents = 48;
      await Promise.all(
        Array.from({ length: documents }, (_, id) =>
          driver.transaction(async (tx) => {
            await tx.run('INSERT INTO blobs (id, data) VALUES (?, ?)', [id, randomBytes(100 * 1024)]);
          }),
        ),
      );
      // 4.8 MB committed: the database file itself holds it soon, not only the log.
      await expect.poll(() => statSync(file).size, { timeout: 10_000 }).toBeGreaterThan(documents * 100 * 1024);
      expect(await driver.get<{ n: number }>('SELECT COUNT(*) AS n FROM blobs')).toEqual({ n: documents });
    } finally {
      await driver.close();
    }
    const reopened = new SqliteDriver(file);
    try {
      expect(await reopened.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await reopened.close();
    }
  });
});
