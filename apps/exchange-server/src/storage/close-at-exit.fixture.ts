/**
 * A process whose last work is closing its hub database while the checkpoint thread runs
 * (wal-checkpointer.test.ts runs it and expects exit code 0; 13 would mean it ended mid-close).
 */
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { SqliteDriver } from './sqlite-driver';

const file = process.argv[2]!;
const driver = new SqliteDriver(file);
await driver.run('CREATE TABLE doc (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL) STRICT');
for (let i = 0; i < 100; i++) {
  await driver.transaction((tx) => tx.run('INSERT INTO doc (bytes) VALUES (?)', [Buffer.alloc(64 * 1024, i)]));
}
// Until the thread has checkpointed (the database file holds the rows), then close and end.
for (let waited = 0; statSync(file).size < 100 * 64 * 1024 && waited < 20_000; waited += 20) await sleep(20);
await driver.close();
